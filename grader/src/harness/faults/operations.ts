// Pairs a history's invokes with their completions into operations, and the shared shape and
// wording of checker results. Checkers are pure functions of the history.
import type { ClientEvent, History, HistoryEvent, Outcome } from './history.ts';

export interface Operation {
  id: number;
  process: string;
  op: string;
  /** What was asked (the invoke's value). */
  value?: unknown;
  /** The answer (the completion's value), e.g. the values a read saw. */
  result?: unknown;
  /** An invoke that never completed counts as info: it may have happened. */
  outcome: Outcome;
  pending: boolean;
  invokeTime: number;
  completeTime: number | undefined;
  /** The node that answered, else the node asked. */
  node?: string;
  /** The position sent with the invoke (a session token), and the one in the answer. */
  token?: number;
  position?: number;
  epoch?: number;
  error?: string;
}

export type HistoryLike = History | readonly HistoryEvent[];

export function eventsOf(history: HistoryLike): readonly HistoryEvent[] {
  return 'events' in history ? history.events : history;
}

/** The client operations, in invoke order. */
export function operations(history: HistoryLike): Operation[] {
  const byId = new Map<number, Operation>();
  for (const event of eventsOf(history)) {
    if (event.type === 'nemesis') continue;
    if (event.type === 'invoke') byId.set(event.opId, fromInvoke(event));
    else completeWith(byId.get(event.opId), event);
  }
  return [...byId.values()];
}

function fromInvoke(event: ClientEvent): Operation {
  const { opId, process, op, value, node, position, time } = event;
  return { id: opId, process, op, value, outcome: 'info', pending: true, invokeTime: time, completeTime: undefined, node, token: position };
}

function completeWith(op: Operation | undefined, event: ClientEvent): void {
  if (!op || event.type === 'invoke') return;
  Object.assign(op, { outcome: event.type, pending: false, completeTime: event.time, result: event.value, error: event.error });
  if (event.node !== undefined) op.node = event.node;
  if (event.position !== undefined) op.position = event.position;
  if (event.epoch !== undefined) op.epoch = event.epoch;
}

/** The time of the history's first event: times in messages are relative to it. */
export function startOf(history: HistoryLike): number {
  return eventsOf(history)[0]?.time ?? 0;
}

export interface CheckResult {
  valid: boolean;
  /**
   * The first few problems, human readable. Each names its operations as "op #N" (the
   * timeline turns those into links), the node and the time.
   */
  problems: string[];
  counts: Record<string, number>;
}

export const MAX_PROBLEMS = 10;

/** Collects problems, keeping the first MAX_PROBLEMS words but counting them all. */
export class Problems {
  readonly list: string[] = [];
  total = 0;

  add(message: string): void {
    this.total++;
    if (this.list.length < MAX_PROBLEMS) this.list.push(message);
  }

  result(counts: Record<string, number>): CheckResult {
    const problems = this.total > this.list.length ? [...this.list, `... and ${this.total - this.list.length} more`] : this.list;
    return { valid: this.total === 0, problems, counts: { ...counts, problems: this.total } };
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

export function show(value: unknown): string {
  // A read's result can hold thousands of values: stringify only the start.
  const head = Array.isArray(value) && value.length > 8 ? [...value.slice(0, 8), `+${value.length - 8} more`] : value;
  const text = JSON.stringify(head) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** "op #12 (c3 write "v17", ok from n2 at 1.234 s)". */
export function describeOp(op: Operation, start: number): string {
  const when = op.completeTime === undefined ? `invoked at ${seconds(op.invokeTime - start)}, never completed` : `${op.outcome} at ${seconds(op.completeTime - start)}`;
  const from = op.node === undefined ? '' : ` from ${op.node}`;
  const value = op.value === undefined ? '' : ` ${show(op.value)}`;
  return `op #${op.id} (${op.process} ${op.op}${value}, ${when}${from})`;
}

/** The values an answer carries: an array as is, a single value as one, nothing as none. */
export function valuesOf(answer: unknown): unknown[] {
  if (answer === undefined || answer === null) return [];
  return Array.isArray(answer) ? answer : [answer];
}

/** A key to compare values by (strings and numbers stay distinct). */
export function keyOf(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}
