// One writer per epoch: in any epoch, acknowledged writes come from a single node. Two nodes
// acknowledging in the same epoch is split brain (both believed they were the leader).
import { type CheckResult, describeOp, type HistoryLike, type Operation, operations, Problems, startOf } from './operations.ts';

export function checkOneWriterPerEpoch(history: HistoryLike, options: { writeOps?: string[] } = {}): CheckResult {
  const { writeOps = ['write', 'delete'] } = options;
  const start = startOf(history);
  const problems = new Problems();
  const counts = { writes: 0, withoutEpoch: 0, epochs: 0, splitEpochs: 0 };
  /** epoch -> node -> that node's first ok write in the epoch. */
  const writers = new Map<number, Map<string, Operation>>();
  for (const op of operations(history)) {
    if (!writeOps.includes(op.op) || op.outcome !== 'ok') continue;
    counts.writes++;
    if (op.epoch === undefined || op.node === undefined) {
      counts.withoutEpoch++;
      continue;
    }
    const nodes = writers.get(op.epoch) ?? new Map<string, Operation>();
    writers.set(op.epoch, nodes);
    if (nodes.has(op.node)) continue;
    nodes.set(op.node, op);
    if (nodes.size === 2) counts.splitEpochs++;
    if (nodes.size > 1) {
      const first = [...nodes.values()][0]!;
      problems.add(`two writers in epoch ${op.epoch}: ${describeOp(first, start)} and ${describeOp(op, start)}`);
    }
  }
  counts.epochs = writers.size;
  return problems.result(counts);
}
