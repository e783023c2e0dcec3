// verify grades mutants side by side: at most `limit` at once, reported in their own order.
import { describe, expect, it } from 'vitest';
import { forEachInOrder } from '../../src/cli/in-order.ts';

/** A piece of work that ends when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('forEachInOrder', () => {
  it('runs at most `limit` at once, starts in order and reports in order whatever ends first', async () => {
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const reported: number[] = [];
    let running = 0;
    let most = 0;
    const done = forEachInOrder([0, 1, 2, 3], 2, async (i) => {
      started.push(i);
      most = Math.max(most, ++running);
      await gates[i]!.opened;
      running--;
      return i * 10;
    }, (result) => reported.push(result));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    // The second ends first: the third starts, but nothing is reported before the first.
    gates[1]!.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    expect(reported).toEqual([]);
    gates[0]!.open();
    gates[3]!.open();
    gates[2]!.open();
    await done;
    expect(reported).toEqual([0, 10, 20, 30]);
    expect(most).toBe(2);
  });

  it('rejects with the first failure only after every piece has ended, reporting only what came before it', async () => {
    const gates = [gate(), gate(), gate()];
    const ended: number[] = [];
    const reported: number[] = [];
    let settled = false;
    const run = forEachInOrder([0, 1, 2], 3, async (i) => {
      await gates[i]!.opened;
      ended.push(i);
      if (i === 1) throw new Error('broke');
      return i;
    }, (result) => reported.push(result));
    const outcome = run.then(() => 'resolved', (error: Error) => error.message).finally(() => (settled = true));
    gates[0]!.open();
    gates[1]!.open();
    await new Promise((resolve) => setImmediate(resolve));
    // The second has failed, the third still runs: the call waits for it.
    expect(ended).toEqual([0, 1]);
    expect(settled).toBe(false);
    gates[2]!.open();
    expect(await outcome).toBe('broke');
    expect(ended).toEqual([0, 1, 2]);
    expect(reported).toEqual([0]);
  });

  it('refuses a limit that is not a whole number of at least 1', async () => {
    await expect(forEachInOrder([1], 0, async (i) => i, () => {})).rejects.toThrow(RangeError);
  });
});
