import { setTimeout as delay } from 'node:timers/promises';
import { check, describeTask, excerpt, pollUntil } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { type ActivePair, networkStateOf, owners, quietFor, restartActiveMachine, signalActiveMachine, spreadGet, startActivePair, T8_LESSON } from './keeper-support.ts';

const INTERVAL_MS = 200;
/** How long a preferred keeper that came back waits before taking its address back. */
const PREEMPT_DELAY_MS = 1500;

/** Waits until machine a owns address 1 and machine b address 2, and neither address has heard an announcement for two intervals. */
async function waitForSpread(pair: ActivePair, what: string): Promise<void> {
  const [a, b] = pair.machines;
  await pollUntil(
    async () => {
      const [first, second] = await owners(pair);
      if (first !== a.name || second !== b.name) return false;
      const states = await Promise.all(pair.networks.map(networkStateOf));
      return states.every((state) => quietFor(state, 2 * INTERVAL_MS));
    },
    { what: `${what} (address 1 on balancer ${a.name}, its preferred owner; address 2 on ${b.name})`, timeoutMs: PREEMPT_DELAY_MS + 8000, intervalMs: 50 },
  );
}

/** For `ms`, checks that neither network receives an announcement. */
async function expectNoMoves(pair: ActivePair, ms: number, context: string): Promise<void> {
  const since = Date.now();
  while (Date.now() < since + ms) {
    for (const [i, network] of pair.networks.entries()) {
      const moves = (await networkStateOf(network)).announcements.filter((a) => a.at > since);
      check(moves.length === 0, () => `${context}, yet address ${i + 1} received an announcement: ${excerpt(JSON.stringify(moves[0]), 200)}. Every announcement moves the address and resets its connections. Read: ${T8_LESSON}`);
    }
    await delay(INTERVAL_MS);
  }
}

/** Accepted announcements on address `i` (0 or 1), or every one from `owner` since `since`. */
async function announcements(pair: ActivePair, i: 0 | 1, filter: { owner?: string; since?: number; accepted?: boolean } = {}) {
  return (await networkStateOf(pair.networks[i])).announcements.filter(
    (a) => (filter.owner === undefined || a.owner === filter.owner) && a.at > (filter.since ?? 0) && (filter.accepted === undefined || a.accepted === filter.accepted),
  );
}

describeTask('T8', () => {
  it('each address, taken first by the keeper that does not prefer it, moves home once to its preferred balancer; both serve; then nothing moves', async () => {
    const pair = await startActivePair('t8-spread', INTERVAL_MS, PREEMPT_DELAY_MS);
    await waitForSpread(pair, 'the two addresses to settle, one on each balancer');
    for (const i of [0, 1] as const) {
      // Moves, not announcements: an owner that repeats its announcement (its first answer lost) does not move the address.
      const owners = (await announcements(pair, i, { accepted: true })).map((a) => a.owner).filter((owner, j, all) => j === 0 || owner !== all[j - 1]);
      check(
        owners.length <= 2,
        () => `address ${i + 1} moved ${owners.length} times while the keepers started: twice at most (to the keeper started first, then home to its preferred owner once). Owners in order: ${owners.join(', ')}. Read: ${T8_LESSON}`,
      );
    }
    await expectNoMoves(pair, 10 * INTERVAL_MS, 'both addresses are on their preferred balancers and both machines are healthy');
    const seen = { [pair.machines[0].name]: 0, [pair.machines[1].name]: 0 };
    for (let i = 0; i < 20; i++) {
      const answer = await spreadGet(pair, (i % 2) as 0 | 1);
      check(answer.name !== undefined && !answer.retried, () => `GET / on address ${(i % 2) + 1} failed with both machines up: ${answer.error}`);
      seen[answer.name!] = (seen[answer.name!] ?? 0) + 1;
    }
    check(seen[pair.machines[0].name] === 10 && seen[pair.machines[1].name] === 10, () => `20 GETs alternating between the two addresses should be split 10 and 10 between the balancers, got ${JSON.stringify(seen)}`);
  });

  it('when a machine dies, the survivor serves both addresses: a client that retries on the other address sees no failure', async () => {
    const pair = await startActivePair('t8-kill', INTERVAL_MS, PREEMPT_DELAY_MS);
    const [a, b] = pair.machines;
    await waitForSpread(pair, 'the two addresses to settle, one on each balancer');
    let stop = false;
    const results: { at: number; name?: string; retried: boolean; error?: string }[] = [];
    const load = (async () => {
      // Bounded: a GET every 10 ms or so, until the test has seen the takeover, 15 s at most.
      const until = Date.now() + 15_000;
      for (let i = 0; !stop && Date.now() < until; i++) {
        const at = Date.now();
        results.push({ at, ...(await spreadGet(pair, (i % 2) as 0 | 1)) });
        await delay(10);
      }
    })();
    try {
      await pollUntil(() => results.length >= 4, { what: 'the client load to start', timeoutMs: 5000, intervalMs: 20 });
      signalActiveMachine(a, 'SIGKILL');
      const killedAt = Date.now();
      await pollUntil(async () => (await owners(pair))[0] === b.name, { what: `balancer ${b.name} to take address 1 after machine ${a.name} was killed`, timeoutMs: 5000, intervalMs: 25 });
      const takenAt = Date.now();
      await pollUntil(() => results.some((r) => r.at > takenAt + 300), { what: 'the client load to go on after the takeover', timeoutMs: 5000, intervalMs: 20 });
      stop = true;
      await load;
      const failed = results.filter((r) => r.name === undefined);
      check(failed.length === 0, () => `${failed.length} of ${results.length} GETs failed on both addresses; the first: ${failed[0]!.error}. Address 2 stayed on balancer ${b.name} all along. Read: ${T8_LESSON}`);
      const after = results.filter((r) => r.at > takenAt);
      check(after.every((r) => r.name === b.name), () => `after the takeover every GET should reach the survivor ${b.name}, got ${[...new Set(after.map((r) => r.name))].join(', ')}`);
      const retried = results.filter((r) => r.at > killedAt && r.retried).length;
      console.log(`T8: ${retried} GETs needed the other address between the kill and the takeover (${takenAt - killedAt} ms)`);
    } finally {
      stop = true;
      await load;
    }
  });

  it('a machine that comes back takes its preferred address back once, after PREEMPT_DELAY_MS, and leaves the other address alone', async () => {
    const pair = await startActivePair('t8-return', INTERVAL_MS, PREEMPT_DELAY_MS);
    const [a, b] = pair.machines;
    await waitForSpread(pair, 'the two addresses to settle, one on each balancer');
    signalActiveMachine(a, 'SIGKILL');
    await pollUntil(async () => (await owners(pair))[0] === b.name, { what: `balancer ${b.name} to take address 1 after machine ${a.name} was killed`, timeoutMs: 5000, intervalMs: 25 });
    const restartedAt = Date.now();
    const back = await restartActiveMachine(a);
    pair.machines[0] = back;
    await waitForSpread(pair, `machine ${a.name}, restarted, to take address 1 back after PREEMPT_DELAY_MS=${PREEMPT_DELAY_MS}`);
    const mine = await announcements(pair, 0, { owner: back.balancer.url, since: restartedAt });
    check(
      mine[0]!.at - restartedAt >= PREEMPT_DELAY_MS,
      () => `keeper keeper-${a.name}1 took address 1 back ${mine[0]!.at - restartedAt} ms after its machine was restarted: a preferred owner waits PREEMPT_DELAY_MS (${PREEMPT_DELAY_MS} ms) as a backup first, so that a machine that fails again at once does not drag the address along. Read: ${T8_LESSON}`,
    );
    check(mine.length === 1, () => `keeper keeper-${a.name}1 announced address 1 ${mine.length} times after coming back: once is enough. Read: ${T8_LESSON}`);
    const other = await announcements(pair, 1, { owner: back.balancer.url, since: restartedAt });
    check(
      other.length === 0,
      () => `keeper keeper-${a.name}2 announced address 2 (${excerpt(JSON.stringify(other[0]))}), which ${b.name} prefers and serves: only the preferred owner (PREEMPT_DELAY_MS set) ever takes an address back. Read: ${T8_LESSON}`,
    );
    await expectNoMoves(pair, 10 * INTERVAL_MS, `each address is back on its preferred balancer`);
    for (const i of [0, 1] as const) {
      const answer = await spreadGet(pair, i);
      check(answer.name === pair.machines[i].name && !answer.retried, () => `GET / on address ${i + 1} should reach ${pair.machines[i].name}, got ${JSON.stringify(answer)}`);
    }
  });
});
