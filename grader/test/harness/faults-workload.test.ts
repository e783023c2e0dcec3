// The seeded workload: same seed, same ops; unique values; deletes only of earlier writes;
// bounded in count and in time.
import { describe, expect, it } from 'vitest';
import { History } from '../../src/harness/faults/history.ts';
import { operations } from '../../src/harness/faults/operations.ts';
import { generateWorkload, runWorkload } from '../../src/harness/faults/workload.ts';
import { Random } from '../../src/harness/random.ts';

const options = { mix: { write: 0.5, read: 0.4, delete: 0.1 }, count: 500, processes: 4 };

describe('generateWorkload', () => {
  it('replays exactly from the same seed and differs with another', () => {
    const a = generateWorkload(new Random(42), options);
    expect(generateWorkload(new Random(42), options)).toEqual(a);
    expect(generateWorkload(new Random(43), options)).not.toEqual(a);
    expect(a).toHaveLength(500);
  });

  it('follows the mix, writes unique values and deletes only values written before', () => {
    const plan = generateWorkload(new Random(7), options);
    const tally = (op: string) => plan.filter((p) => p.op === op).length;
    expect(tally('write')).toBeGreaterThan(200);
    expect(tally('read')).toBeGreaterThan(150);
    expect(tally('delete')).toBeGreaterThan(25);
    const written = plan.filter((p) => p.op === 'write').map((p) => p.value);
    expect(new Set(written).size).toBe(written.length);
    const deleted = new Set<string>();
    plan.forEach((p, i) => {
      if (p.op !== 'delete') return;
      expect(plan.slice(0, i).some((q) => q.op === 'write' && q.value === p.value)).toBe(true);
      expect(deleted.has(p.value!)).toBe(false);
      deleted.add(p.value!);
    });
    expect(new Set(plan.map((p) => p.process))).toEqual(new Set(['c1', 'c2', 'c3', 'c4']));
    expect(plan.filter((p) => p.op === 'read').every((p) => p.value === undefined)).toBe(true);
  });

  it('turns a delete with nothing to delete into a write, and names clients as asked', () => {
    const plan = generateWorkload(new Random(1), { mix: { delete: 1 }, count: 3, processes: ['alice'] });
    expect(plan.map((p) => p.op)).toEqual(['write', 'delete', 'write']);
    expect(plan[0]!.process).toBe('alice');
    expect(() => generateWorkload(new Random(1), { mix: { write: 0 }, count: 1, processes: 1 })).toThrow(/positive weight/);
  });
});

describe('runWorkload', () => {
  it('runs each client in order, clients in parallel, and records every op', async () => {
    const history = new History();
    const plan = generateWorkload(new Random(5), { ...options, count: 40 });
    const running = new Set<string>();
    const { completed, skipped } = await runWorkload(plan, {
      history,
      timeLimitMs: 10_000,
      execute: async (op) => {
        // One op at a time per client.
        expect(running.has(op.process)).toBe(false);
        running.add(op.process);
        await Promise.resolve();
        running.delete(op.process);
        return { node: 'n1', value: op.op === 'read' ? [] : undefined };
      },
    });
    expect(skipped).toBe(0);
    expect(completed).toHaveLength(40);
    const ops = operations(history);
    expect(ops.map((op) => `${op.process} ${op.op} ${op.value}`).sort()).toEqual(plan.map((p) => `${p.process} ${p.op} ${p.value}`).sort());
    for (const client of ['c1', 'c2', 'c3', 'c4']) {
      expect(ops.filter((op) => op.process === client).map((op) => op.value)).toEqual(plan.filter((p) => p.process === client).map((p) => p.value));
    }
  });

  it('stops invoking at the time limit and reports what it skipped', async () => {
    const history = new History();
    const plan = generateWorkload(new Random(5), { ...options, count: 1000, processes: 2 });
    const { completed, skipped } = await runWorkload(plan, { history, timeLimitMs: 150, execute: () => new Promise((resolve) => setTimeout(resolve, 20)) });
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.length + skipped).toBe(1000);
    expect(skipped).toBeGreaterThan(900);
    expect(history.pending).toBe(0);
  });
});
