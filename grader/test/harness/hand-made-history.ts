// Histories written by hand for checker tests: each op at explicit times (ms), so a test reads
// like the timeline it describes.
import type { HistoryEvent, Outcome } from '../../src/harness/faults/history.ts';

export interface HandOp {
  process: string;
  op: string;
  value?: unknown;
  /** Invoke and completion times; `to` undefined leaves the op pending. */
  from: number;
  to?: number;
  outcome?: Outcome;
  result?: unknown;
  node?: string;
  /** The token sent with the invoke, and the position/epoch in the answer. */
  token?: number;
  position?: number;
  epoch?: number;
}

/** Wall-clock times are this plus the op's time, so pages show a plausible date. */
const WALL_ORIGIN = Date.parse('2026-11-30T20:00:00Z');

export function handMade(ops: HandOp[], nemesis: { at: number; kind: string; node?: string; epoch?: number }[] = []): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  ops.forEach((op, opId) => {
    events.push({ index: 0, time: op.from, wall: WALL_ORIGIN + op.from, type: 'invoke', opId, process: op.process, op: op.op, value: op.value, position: op.token });
    if (op.to !== undefined) {
      events.push({ index: 0, time: op.to, wall: WALL_ORIGIN + op.to, type: op.outcome ?? 'ok', opId, process: op.process, op: op.op, value: op.result, node: op.node, position: op.position, epoch: op.epoch });
    }
  });
  for (const n of nemesis) events.push({ index: 0, time: n.at, wall: WALL_ORIGIN + n.at, type: 'nemesis', kind: n.kind, node: n.node, epoch: n.epoch });
  events.sort((a, b) => a.time - b.time);
  events.forEach((event, index) => (event.index = index));
  return events;
}
