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
});
