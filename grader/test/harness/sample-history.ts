// A realistic failover story as a hand-made history, for the timeline's tests and sample: four
// clients, three nodes, a partition, a kill, a promotion, a pause; unknown and failed writes, and
// one defect for the checkers to find (a write n1 acknowledged just before it died, never
// replicated to n2, which then became the leader).
import type { HistoryEvent } from '../../src/harness/faults/history.ts';
import { Random } from '../../src/harness/random.ts';
import { type HandOp, handMade } from './hand-made-history.ts';

export function sampleHistory(opCount = 120, seed = 7): HistoryEvent[] {
  const random = new Random(seed);
  // About how long four clients take for every op at ~95 ms each (a pause, then the call).
  const T = (opCount / 4) * 95;
  const at = (fraction: number) => Math.round(fraction * T);
  const ops: HandOp[] = [];
  const kept: string[] = [];
  const clock = new Map<string, number>();
  let position = 0;
  let staleServed = false;
  for (let i = 0; i < opCount; i++) {
    const process = `c${(i % 4) + 1}`;
    const from = (clock.get(process) ?? random.int(0, 80)) + random.int(20, 120);
    // n1 leads in epoch 1 until it is killed; n2 leads in epoch 2 once promoted.
    const epoch = from < at(0.58) ? 1 : 2;
    const leader = epoch === 1 ? 'n1' : 'n2';
    const leaderless = from >= at(0.58) && from < at(0.67);
    let op: HandOp;
    if (random.next() < 0.55) {
      const value = i === 17 ? `<script>alert("x")</script> & 'quotes'` : `v${i}`;
      const outcome = leaderless ? 'fail' : from > at(0.25) && from < at(0.5) && random.next() < 0.3 ? 'info' : 'ok';
      const to = from + (outcome === 'info' ? 500 : random.int(8, 40));
      // An unknown write may or may not have landed; a failed one never does.
      if (outcome === 'ok' || (outcome === 'info' && random.next() < 0.5)) kept.push(value);
      op = { process, op: 'write', value, from, to, outcome, node: outcome === 'fail' ? undefined : leader, epoch: outcome === 'ok' ? epoch : undefined, position: outcome === 'ok' ? ++position : undefined };
    } else {
      const node = random.pick(leaderless || from >= at(0.58) ? ['n2', 'n3'] : ['n1', 'n2', 'n3']);
      // Reads see everything so far; n3 serves one stale read after its partition heals.
      const stale: boolean = node === 'n3' && !staleServed && from > at(0.5);
      staleServed ||= stale;
      op = { process, op: 'read', from, to: from + random.int(5, 30), node, token: position, position: stale ? position - 3 : position, result: stale ? kept.slice(0, -3) : [...kept] };
    }
    ops.push(op);
    clock.set(process, op.to!);
  }
  ops.push({ process: 'c1', op: 'write', value: 'acked-then-lost', from: at(0.57), to: at(0.575), node: 'n1', epoch: 1, position: ++position });
  for (const node of ['n1', 'n2', 'n3']) {
    const result = node === 'n1' ? [...kept, 'acked-then-lost'] : kept;
    ops.push({ process: 'checker', op: 'final-read', from: T + 100, to: T + 140, node, result });
  }
  const nemesis = [
    { at: at(0.25), kind: 'partition', node: 'n3' },
    { at: at(0.5), kind: 'heal', node: 'n3' },
    { at: at(0.58), kind: 'kill', node: 'n1' },
    { at: at(0.67), kind: 'promote', node: 'n2', epoch: 2 },
    { at: at(0.67) + 1, kind: 'epoch', epoch: 2 },
    { at: at(0.75), kind: 'pause', node: 'n3' },
    { at: at(0.8), kind: 'resume', node: 'n3' },
    { at: at(0.83), kind: 'restart', node: 'n1' },
    { at: at(0.87), kind: 'latency', node: 'n2' },
    { at: at(0.93), kind: 'reset', node: 'n2' },
    { at: at(0.95), kind: 'heal', node: 'n2' },
  ];
  return handMade(ops, nemesis);
}
