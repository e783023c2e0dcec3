import { check, describeTask, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { backendList, expectAllAnswered, formatCounts, getVia, keepAliveAgent, paths, recordedCounts, sendMany, startBackends, startBalancer, tally } from './support.ts';

describeTask('T1', () => {
  const four = shared(() => startBackends(['b1', 'b2', 'b3', 'b4']));
  const three = shared(async () => {
    const fakes = (await four()).slice(0, 3);
    const lb = await startBalancer({ BACKENDS: backendList(fakes) });
    return { fakes, lb };
  });

  it('spreads 150 requests over 3 backends exactly evenly: 50 each, counted by the backends', async () => {
    const { fakes, lb } = await three();
    const outcomes = await sendMany(lb, paths('/t1/even', 150), { concurrency: 3 });
    expectAllAnswered(outcomes, '150 GETs through the balancer');
    const counts = await recordedCounts(fakes, '/t1/even/');
    check(
      Object.values(counts).every((n) => n === 50),
      `round robin over 3 healthy backends: expected each to receive 50 of 150 requests, the backends counted ${formatCounts(counts)}`,
    );
  });

  it('takes turns: every 3 consecutive requests reach 3 different backends', async () => {
    const { lb } = await three();
    const order: string[] = [];
    for (let i = 0; i < 12; i++) order.push(await getVia(lb, `/t1/turns/${i}`));
    for (let i = 0; i + 3 <= order.length; i += 3) {
      const round = order.slice(i, i + 3);
      check(new Set(round).size === 3, `12 requests one after another were answered by ${order.join(' ')}; in rotation each round of 3 reaches all 3 backends, but requests ${i + 1}-${i + 3} went to ${round.join(', ')}`);
    }
  });

  it('rotates per request, not per connection: one keep-alive client still reaches every backend', async () => {
    const { fakes, lb } = await three();
    const agent = keepAliveAgent(1);
    try {
      const outcomes = await sendMany(lb, paths('/t1/keepalive', 30), { concurrency: 1, agent });
      expectAllAnswered(outcomes, '30 GETs over one keep-alive connection');
      const counts = tally(outcomes, fakes);
      check(
        Object.values(counts).every((n) => n === 10),
        `30 requests over a single keep-alive connection: expected 10 per backend, got ${formatCounts(counts)}. Choose a backend for every request, not once per client connection.`,
      );
    } finally {
      agent.destroy();
    }
  });

  it('spreads evenly over however many backends it is given', async () => {
    const count = seeded('T1 count').pick([2, 4]);
    const fakes = (await four()).slice(4 - count);
    const lb = await startBalancer({ BACKENDS: backendList(fakes) }, `your balancer (${count} backends)`);
    const outcomes = await sendMany(lb, paths('/t1/any', 20 * count), { concurrency: 2 });
    expectAllAnswered(outcomes, `${20 * count} GETs over ${count} backends`);
    const counts = await recordedCounts(fakes, '/t1/any/');
    check(Object.values(counts).every((n) => n === 20), `round robin over ${count} backends: expected 20 requests each, the backends counted ${formatCounts(counts)}`);
  });
});
