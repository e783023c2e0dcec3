// Session guarantees, per client: read-your-writes (a read that carries the client's token sees
// the client's acknowledged writes) and monotonic reads (the positions a client's reads report
// never go backwards, whichever node answers).
import { type CheckResult, describeOp, type HistoryLike, keyOf, type Operation, operations, Problems, startOf, valuesOf } from './operations.ts';

export interface SessionCheckOptions {
  writeOps?: string[];
  removeOps?: string[];
  readOps?: string[];
  /** Check only reads whose invoke carried a token (position); default true. */
  tokenRequired?: boolean;
}

function byProcess(ops: Operation[]): Map<string, Operation[]> {
  const map = new Map<string, Operation[]>();
  for (const op of ops) map.set(op.process, [...(map.get(op.process) ?? []), op]);
  return map;
}

/**
 * A read's invoke value says what it looks for (a value or a list; undefined: everything); its
 * result lists what it saw. Every ok write of the same client that completed before the read
 * began, and was not possibly deleted by anyone before the read ended, must be in the result.
 */
export function checkReadYourWrites(history: HistoryLike, options: SessionCheckOptions = {}): CheckResult {
  const { writeOps = ['write'], removeOps = ['delete'], readOps = ['read'], tokenRequired = true } = options;
  const ops = operations(history);
  const start = startOf(history);
  const problems = new Problems();
  const removes = ops.filter((op) => removeOps.includes(op.op) && op.outcome !== 'fail');
  const counts = { reads: 0, checked: 0, withoutToken: 0, violations: 0 };
  for (const session of byProcess(ops).values()) {
    for (const read of session) {
      if (!readOps.includes(read.op) || read.outcome !== 'ok') continue;
      counts.reads++;
      if (tokenRequired && read.token === undefined) {
        counts.withoutToken++;
        continue;
      }
      counts.checked++;
      const asked = read.value === undefined ? undefined : new Set(valuesOf(read.value).map(keyOf));
      const seen = new Set(valuesOf(read.result).map(keyOf));
      for (const write of session) {
        if (!writeOps.includes(write.op) || write.outcome !== 'ok' || write.completeTime! >= read.invokeTime) continue;
        const key = keyOf(write.value);
        if ((asked && !asked.has(key)) || seen.has(key)) continue;
        if (removes.some((d) => keyOf(d.value) === key && d.invokeTime < (read.completeTime ?? Infinity))) continue;
        counts.violations++;
        problems.add(`read-your-writes: ${describeOp(read, start)} does not see the client's own ${describeOp(write, start)}`);
      }
    }
  }
  return problems.result(counts);
}

export interface MonotonicOptions {
  readOps?: string[];
  /** 'position' compares positions only; 'epoch-then-position' when positions restart in each epoch. */
  order?: 'position' | 'epoch-then-position';
}

export function checkMonotonicReads(history: HistoryLike, options: MonotonicOptions = {}): CheckResult {
  const { readOps = ['read'], order = 'position' } = options;
  const start = startOf(history);
  const problems = new Problems();
  const counts = { reads: 0, withoutPosition: 0, violations: 0 };
  const behind = (a: Operation, b: Operation) =>
    order === 'epoch-then-position' && a.epoch !== b.epoch ? (a.epoch ?? 0) < (b.epoch ?? 0) : a.position! < b.position!;
  for (const session of byProcess(operations(history)).values()) {
    let newest: Operation | undefined;
    for (const read of session) {
      if (!readOps.includes(read.op) || read.outcome !== 'ok') continue;
      counts.reads++;
      if (read.position === undefined) {
        counts.withoutPosition++;
        continue;
      }
      if (newest && behind(read, newest)) {
        counts.violations++;
        problems.add(`monotonic reads: ${describeOp(read, start)} is at position ${read.position}, behind ${describeOp(newest, start)} at ${newest.position}`);
      } else newest = read;
    }
  }
  return problems.result(counts);
}
