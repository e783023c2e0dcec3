import { check, describeTask, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { backendList, expectAllAnswered, formatCounts, paths, recordedCounts, sendMany, startBackends, startBalancer } from './support.ts';

describeTask('T2', () => {
  // One set of backends for both tests: each test uses its own paths and its own balancer.
  const backends = shared(() => startBackends(['w1', 'w2', 'w3']));

  it('weighted round robin: each backend gets its weight\'s share of the requests', async () => {
    const rng = seeded('T2 weights');
    let weights: number[];
    do weights = [rng.int(1, 5), rng.int(1, 5), rng.int(1, 5)];
    while (new Set(weights).size < 2);
    const fakes = await backends();
    const lb = await startBalancer({ BACKENDS: backendList(fakes, weights) });
    const sum = weights.reduce((a, b) => a + b, 0);
    const total = 20 * sum;
    const outcomes = await sendMany(lb, paths('/t2/weighted', total), { concurrency: 4 });
    expectAllAnswered(outcomes, `${total} GETs through the balancer`);
    const counts = await recordedCounts(fakes, '/t2/weighted/');
    const expected = Object.fromEntries(fakes.map((fake, i) => [fake.id, (total * weights[i]!) / sum]));
    // Weighted round robin is exact over whole rounds; the margin only forgives an off-by-a-few.
    const margin = Math.max(3, Math.round(total * 0.02));
    check(
      fakes.every((fake) => Math.abs(counts[fake.id]! - expected[fake.id]!) <= margin),
      `BACKENDS with weights ${weights.join(', ')} and ${total} requests: expected about ${formatCounts(expected)} (within ${margin}), the backends counted ${formatCounts(counts)}`,
    );
  });

  it('weighted round robin spreads a heavy backend\'s turns out instead of serving them in a burst', async () => {
    const rng = seeded('T2 order');
    // One heavy backend among two of weight 1, at a seeded place in the pool: 6, 1, 1 gives
    // a a b a c a a a, never a a a a a a b c.
    const heavy = rng.int(6, 8);
    const at = rng.int(0, 2);
    const weights = [1, 1, 1];
    weights[at] = heavy;
    const fakes = await backends();
    const heavyId = fakes[at]!.id;
    const lb = await startBalancer({ BACKENDS: backendList(fakes, weights) });
    // One request at a time, so the order of the answers is the order of the picks; three
    // whole rounds, so a burst that straddles the end of a round is seen too.
    const total = 3 * (heavy + 2);
    const outcomes = await sendMany(lb, paths('/t2/order', total), { concurrency: 1 });
    expectAllAnswered(outcomes, `${total} GETs through the balancer, one at a time`);
    const order = outcomes.map((o) => o.backend!);
    let longest = 0;
    let run = 0;
    for (const id of order) {
      run = id === heavyId ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    // Smooth weighted round robin, whatever its tie-breaking, pool order or starting scores,
    // never gives a backend of weight w all w turns in a row next to two of weight 1; the list
    // that repeats each backend weight times (a a a a a a b c) always does.
    check(
      longest < heavy,
      `BACKENDS with weights ${weights.join(', ')} (${heavyId} has weight ${heavy}), ${total} GETs one at a time: expected ${heavyId}'s turns spread out between the others, with at most ${heavy - 1} in a row, got ${longest} in a row. The order of the answers was ${order.join(' ')}. Read README.md, "T2 · Weights and least connections", section "Weighted round robin" (smooth weighted round robin).`,
    );
  });

  it('least connections: a slow backend gets few new requests while its connections are open', async () => {
    const rng = seeded('T2 least');
    const fakes = await backends();
    const slow = rng.pick(fakes);
    await slow.behave({ path: '/t2/least', delayMs: 1000 });
    const lb = await startBalancer({ BACKENDS: backendList(fakes), POLICY: 'least-connections' });
    const outcomes = await sendMany(lb, paths('/t2/least', 90), { concurrency: 6 });
    expectAllAnswered(outcomes, '90 GETs with least-connections');
    const counts = await recordedCounts(fakes, '/t2/least/');
    check(
      counts[slow.id]! < 15,
      `${slow.id} takes 1 s per request, the others answer at once. With 6 requests at a time, least connections keeps sending new requests where fewer are open, so ${slow.id} should get only a few (under 15 of 90; round robin would give it 30). The backends counted ${formatCounts(counts)}.`,
    );
  });

  it('least connections: with nothing in flight, ties take turns instead of all going to the first backend', async () => {
    const fakes = await backends();
    const lb = await startBalancer({ BACKENDS: backendList(fakes), POLICY: 'least-connections' }, 'your balancer (least-connections)');
    // One request at a time: every backend has 0 in flight at each pick, so every pick is a tie.
    const outcomes = await sendMany(lb, paths('/t2/ties', 30), { concurrency: 1 });
    expectAllAnswered(outcomes, '30 GETs one at a time with least-connections');
    const counts = await recordedCounts(fakes, '/t2/ties/');
    check(
      Object.values(counts).every((n) => n >= 6),
      `30 GETs one at a time with least-connections: every pick is a tie at 0 in flight, and ties should take turns (about 10 each), the backends counted ${formatCounts(counts)}. Always taking the first tied backend sends all sequential traffic to one instance.`,
    );
  });

  it('least connections weighs the connections: a backend of weight 4 holds about 4 times as many', async () => {
    const fakes = await backends();
    await Promise.all(fakes.map((fake) => fake.behave({ path: '/t2/weighted-least', delayMs: 300 })));
    const lb = await startBalancer({ BACKENDS: backendList(fakes, [4, 1, 1]), POLICY: 'least-connections' }, 'your balancer (least-connections, weights 4, 1, 1)');
    // Six at a time, all equally slow: picking the lowest in-flight count per unit of weight
    // keeps about 4 of the 6 open requests on the heavy backend.
    const outcomes = await sendMany(lb, paths('/t2/weighted-least', 48), { concurrency: 6 });
    expectAllAnswered(outcomes, '48 slow GETs with least-connections and weights 4, 1, 1');
    const counts = await recordedCounts(fakes, '/t2/weighted-least/');
    const heavy = counts[fakes[0]!.id]!;
    check(heavy >= 24, `least-connections with weights 4, 1, 1 and six requests at a time: the lowest in-flight count divided by the weight should give ${fakes[0]!.id} about two thirds of 48 requests, the backends counted ${formatCounts(counts)}`);
  });
});
