// A seeded workload: the same seed gives the same operations (print the seed, replay a failing
// run), every written value is unique (so the set checker can tell writes apart), and a run is
// bounded both in operations and in time.
import type { Random } from '../random.ts';
import type { ClientEvent, Completion, History } from './history.ts';

export interface PlannedOp {
  /** The client that runs it: "c1"... Each client runs its ops one at a time, in order. */
  process: string;
  op: string;
  /** A write's fresh value, a delete's earlier written value; undefined for a read. */
  value?: string;
}

export interface WorkloadOptions {
  /** Relative weights, e.g. { write: 0.5, read: 0.4, delete: 0.1 }. */
  mix: Record<string, number>;
  count: number;
  /** How many clients (named c1..cN), or their names. */
  processes: number | string[];
  /** Prefix of written values (default 'v'): values are `${prefix}${i}-${4 random letters}`. */
  valuePrefix?: string;
  /** Op types that add a value (default ['write']) and remove one (default ['delete']). */
  addOps?: string[];
  removeOps?: string[];
}

export function generateWorkload(random: Random, options: WorkloadOptions): PlannedOp[] {
  const { mix, count, valuePrefix = 'v', addOps = ['write'], removeOps = ['delete'] } = options;
  const names = typeof options.processes === 'number' ? Array.from({ length: options.processes }, (_, i) => `c${i + 1}`) : options.processes;
  const entries = Object.entries(mix).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (entries.length === 0 || names.length === 0) throw new Error('a workload needs a mix with a positive weight and at least one process');
  const live: string[] = [];
  const plan: PlannedOp[] = [];
  for (let i = 0; i < count; i++) {
    let draw = random.next() * total;
    let op = entries.at(-1)![0];
    for (const [name, weight] of entries) {
      if ((draw -= weight) < 0) {
        op = name;
        break;
      }
    }
    const process = random.pick(names);
    // A delete needs something written earlier; before that, it becomes a write.
    if (removeOps.includes(op) && live.length === 0) op = addOps[0] ?? op;
    if (addOps.includes(op)) {
      const value = `${valuePrefix}${i}-${random.string('abcdefghijklmnopqrstuvwxyz', 4)}`;
      live.push(value);
      plan.push({ process, op, value });
    } else if (removeOps.includes(op)) {
      const value = live.splice(random.int(0, live.length - 1), 1)[0]!;
      plan.push({ process, op, value });
    } else plan.push({ process, op });
  }
  return plan;
}

export interface WorkloadRunOptions {
  history: History;
  /** Performs one op against the system; its answer (or thrown error) is recorded by history.run. */
  execute: (op: PlannedOp) => Promise<Completion | void>;
  /** No op is invoked after this; ops in flight finish by their own timeouts. */
  timeLimitMs: number;
  /** A pause between one client's ops, to spread the load over the faults. */
  pauseMs?: number;
}

/** Runs the plan: clients in parallel, each client's ops in order. Resolves with what was recorded. */
export async function runWorkload(plan: readonly PlannedOp[], options: WorkloadRunOptions): Promise<{ completed: ClientEvent[]; skipped: number }> {
  const deadline = performance.now() + options.timeLimitMs;
  const queues = new Map<string, PlannedOp[]>();
  for (const op of plan) queues.set(op.process, [...(queues.get(op.process) ?? []), op]);
  const completed: ClientEvent[] = [];
  let skipped = 0;
  await Promise.all(
    [...queues.values()].map(async (ops) => {
      for (const [i, op] of ops.entries()) {
        if (performance.now() >= deadline) {
          skipped += ops.length - i;
          return;
        }
        completed.push(await options.history.run(op.process, { op: op.op, value: op.value }, () => options.execute(op)));
        if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      }
    }),
  );
  return { completed, skipped };
}
