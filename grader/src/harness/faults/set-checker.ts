// The set checker (Jepsen's): every acknowledged write is in every node's final read, nothing
// is there that was never attempted or certainly failed. A write with an unknown outcome (info)
// may be there or not; so may a value whose delete may have happened.
import { type CheckResult, describeOp, type HistoryLike, keyOf, type Operation, operations, Problems, startOf, valuesOf } from './operations.ts';

export interface SetCheckOptions {
  /** Op types that add their value (default ['write']). */
  addOps?: string[];
  /** Op types that remove their value (default ['delete']). */
  removeOps?: string[];
  /** The op type of the reads taken after the faults healed, one per node (default 'final-read'); its result is the list of values. */
  finalReadOp?: string;
  /** Nodes that must have an ok final read (default: whichever have one). */
  nodes?: string[];
}

export function checkSet(history: HistoryLike, options: SetCheckOptions = {}): CheckResult {
  const { addOps = ['write'], removeOps = ['delete'], finalReadOp = 'final-read' } = options;
  const ops = operations(history);
  const start = startOf(history);
  const problems = new Problems();
  const adds = group(ops.filter((op) => addOps.includes(op.op)));
  const removes = group(ops.filter((op) => removeOps.includes(op.op) && op.outcome !== 'fail'));
  // The last ok final read of each node.
  const finals = new Map<string, Operation>();
  for (const op of ops) if (op.op === finalReadOp && op.outcome === 'ok') finals.set(op.node ?? '?', op);
  for (const node of options.nodes ?? []) if (!finals.has(node)) problems.add(`node ${node} has no successful ${finalReadOp}: nothing to check its content against`);
  if (finals.size === 0 && !options.nodes?.length) problems.add(`no successful ${finalReadOp}: the set cannot be checked`);

  const counts = { attempted: adds.size, acknowledged: 0, failed: 0, unknown: 0, finalReads: finals.size, lost: 0, unexpected: 0, failedPresent: 0, deletedPresent: 0, unknownPresent: 0, unknownAbsent: 0 };
  for (const writes of adds.values()) {
    if (writes.some((w) => w.outcome === 'ok')) counts.acknowledged++;
    else if (writes.some((w) => w.outcome === 'info')) counts.unknown++;
    else counts.failed++;
  }

  for (const [node, read] of finals) {
    const seen = new Set(valuesOf(read.result).map(keyOf));
    for (const [key, writes] of adds) {
      const acked = writes.find((w) => w.outcome === 'ok');
      const present = seen.has(key);
      if (acked && !present && !removes.has(key)) {
        counts.lost++;
        problems.add(`lost write: ${describeOp(acked, start)} is missing from ${node}'s final read ${describeOp(read, start)}`);
      }
      if (!acked && writes.some((w) => w.outcome === 'info')) counts[present ? 'unknownPresent' : 'unknownAbsent']++;
    }
    for (const value of valuesOf(read.result)) {
      const key = keyOf(value);
      const writes = adds.get(key);
      if (!writes) {
        counts.unexpected++;
        problems.add(`${node}'s final read ${describeOp(read, start)} contains ${key}, which no client ever wrote`);
      } else if (writes.every((w) => w.outcome === 'fail')) {
        counts.failedPresent++;
        problems.add(`${node}'s final read ${describeOp(read, start)} contains ${key}, whose write failed: ${describeOp(writes[0]!, start)}`);
      } else {
        const deleted = removes.get(key)?.find((d) => d.outcome === 'ok' && writes.every((w) => w.completeTime !== undefined && w.completeTime < d.invokeTime));
        if (deleted) {
          counts.deletedPresent++;
          problems.add(`${node}'s final read ${describeOp(read, start)} contains ${key}, deleted after its write by ${describeOp(deleted, start)}`);
        }
      }
    }
  }
  return problems.result(counts);
}

function group(ops: Operation[]): Map<string, Operation[]> {
  const byValue = new Map<string, Operation[]>();
  for (const op of ops) {
    const key = keyOf(op.value);
    byValue.set(key, [...(byValue.get(key) ?? []), op]);
  }
  return byValue;
}
