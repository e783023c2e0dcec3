// A Jepsen-style history: a flat list of client events (invoke, then exactly one ok / fail /
// info) and nemesis events, on one timeline. Checkers judge only this list, afterwards.
import { performance } from 'node:perf_hooks';
import { outcomeOfError } from './outcomes.ts';

/** ok: it happened. fail: it certainly did not. info: unknown (timed out, connection lost): it may have. */
export type Outcome = 'ok' | 'fail' | 'info';

interface Stamped {
  /** Index in the history. */
  index: number;
  /** performance.now() in ms: monotonic, for ordering and durations. */
  time: number;
  /** Date.now(): to line up with logs and the fault proxy's events. */
  wall: number;
}

export interface ClientEvent extends Stamped {
  type: 'invoke' | Outcome;
  /** Pairs an invoke with its completion. */
  opId: number;
  /** The client, e.g. "c3": one operation at a time per process. */
  process: string;
  /** 'write', 'read', 'delete', 'final-read'... */
  op: string;
  /** Invoke: what was asked (the written value, the values a read looks for). Completion: the answer (a read's values). */
  value?: unknown;
  /** The node that answered (completion), or the node asked (invoke). */
  node?: string;
  /** A log position: the write's position in an ok answer; on a read's invoke, the session token sent. */
  position?: number;
  epoch?: number;
  /** Why it failed or is unknown. */
  error?: string;
}

export interface NemesisEvent extends Stamped {
  type: 'nemesis';
  /** 'partition', 'heal', 'latency', 'reset', 'kill', 'restart', 'pause', 'resume', 'promote', 'epoch', 'retarget'... */
  kind: string;
  node?: string;
  detail?: string;
  epoch?: number;
}

export type HistoryEvent = ClientEvent | NemesisEvent;

/** What a completed operation reports (everything optional; outcome defaults to ok). */
export interface Completion {
  outcome?: Outcome;
  value?: unknown;
  node?: string;
  position?: number;
  epoch?: number;
  error?: string;
}

export interface Invocation {
  op: string;
  value?: unknown;
  node?: string;
  position?: number;
}

/** Anything that records faults: a History, or a test's own log. */
export interface NemesisSink {
  nemesis(kind: string, details?: { node?: string; detail?: string; epoch?: number }): void;
}

export class History implements NemesisSink {
  readonly events: HistoryEvent[] = [];
  private nextOpId = 0;
  private readonly open = new Map<number, ClientEvent>();

  /** Records an invoke; returns the op id its completion must name. */
  invoke(process: string, invocation: Invocation): number {
    const opId = this.nextOpId++;
    const event: ClientEvent = { ...this.stamp(), type: 'invoke', opId, process, ...invocation };
    this.open.set(opId, event);
    this.events.push(event);
    return opId;
  }

  /** Records the one completion of an invoked op; a second completion is a bug in the suite. */
  complete(opId: number, completion: Completion = {}): ClientEvent {
    const invoked = this.open.get(opId);
    if (!invoked) throw new Error(`op ${opId} was never invoked or is already complete`);
    this.open.delete(opId);
    const { outcome = 'ok', ...rest } = completion;
    const event: ClientEvent = { ...this.stamp(), type: outcome, opId, process: invoked.process, op: invoked.op, ...rest };
    this.events.push(event);
    return event;
  }

  nemesis(kind: string, details: { node?: string; detail?: string; epoch?: number } = {}): void {
    this.events.push({ ...this.stamp(), type: 'nemesis', kind, ...details });
  }

  /**
   * Runs one client call and records it: invoke, then ok (or whatever `fn` reports), or, when
   * `fn` throws, fail if the request was certainly never sent (connection refused) and info
   * otherwise (timeout, reset: it may have happened). Errors that are not about the network or
   * the server's answer are bugs in the suite: recorded as info, then rethrown.
   */
  async run(process: string, invocation: Invocation, fn: () => Promise<Completion | void>): Promise<ClientEvent> {
    const opId = this.invoke(process, invocation);
    let completion: Completion | void;
    try {
      completion = await fn();
    } catch (error) {
      const { outcome, message, rethrow } = outcomeOfError(error);
      const event = this.complete(opId, { outcome, error: message });
      if (rethrow) throw error;
      return event;
    }
    return this.complete(opId, completion ?? {});
  }

  /** Ops still waiting for a completion (a checker counts them as info). */
  get pending(): number {
    return this.open.size;
  }

  private stamp(): Stamped {
    return { index: this.events.length, time: performance.now(), wall: Date.now() };
  }
}
