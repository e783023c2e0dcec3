import { check, describeTask, excerpt, LabFailure, type LearnerApp, pollUntil, request } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { FakeNode } from './monitor-support.ts';
import { health, startFollower, startLeader, waitForRole } from './node-support.ts';
import {
  askVote,
  expectOneNodePerEpoch,
  expectVote,
  FAILURE_TIMEOUT_MS,
  fakeCluster,
  link,
  monitorPorts,
  promotions,
  restartMonitor,
  startMonitors,
  T6_LESSON,
} from './quorum-support.ts';

interface State {
  leader?: unknown;
  blocked?: unknown;
  failovers?: { epoch?: unknown; to?: unknown }[];
  nodes?: { url?: unknown; status?: unknown; role?: unknown }[];
}

async function state(monitor: LearnerApp): Promise<State> {
  const res = await request(`${monitor.url}/monitor/state`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /monitor/state of ${monitor.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)}`);
  return res.json<State>();
}

/** Waits until `monitor` reports `node` with this status in /monitor/state. */
async function waitForStatus(monitor: LearnerApp, node: { url: string }, status: 'up' | 'suspected', what: string): Promise<void> {
  await pollUntil(async () => (await state(monitor)).nodes?.find((n) => n.url === node.url)?.status === status, { what, timeoutMs: 10_000, intervalMs: 50 });
}

/** For `ms`, checks that none of `fakes` receives a promote command. */
async function expectNoPromotion(fakes: readonly FakeNode[], ms: number, why: () => Promise<string>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const seen = await promotions(fakes);
    if (seen.length > 0) {
      const first = seen[0]!;
      throw new Error(`${first.node} was told to become the leader (epoch ${JSON.stringify(first.epoch)}), ${await why()}. Read: ${T6_LESSON}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeTask('T6', () => {
  it('the vote API: one vote per epoch, kept across a SIGKILL; stale epochs refused; no vote while a leader is in sight; malformed requests get 400', async () => {
    const node = await FakeNode.start('t6-vote-node', { role: 'follower', epoch: 3, position: 5, leader: null });
    const env = { NODES: node.url, MONITOR_ID: 't6-voter' };
    let [voter] = await startMonitors([{ id: 't6-voter', nodes: [node], peers: [] }], await monitorPorts(1));
    await waitForStatus(voter!, node, 'up', 'the monitor to see its node (a follower in epoch 3, no leader anywhere)');

    await expectVote(voter!, { epoch: 4, candidate: 'm-x', leader: null }, true, 'epoch 4 is new and this monitor sees no leader');
    await expectVote(voter!, { epoch: 4, candidate: 'm-x', leader: null }, true, 'm-x asks again for the epoch it already has your vote in: its first answer may have been lost');
    const second = await expectVote(voter!, { epoch: 4, candidate: 'm-y', leader: null }, false, 'one vote per epoch: epoch 4 went to m-x');
    check(second.epoch >= 4, () => `a refusal says the highest epoch the voter knows: expected "epoch" >= 4, got ${second.epoch}. Read: ${T6_LESSON}`);
    const stale = await expectVote(voter!, { epoch: 3, candidate: 'm-z', leader: null }, false, 'the node is already in epoch 3: an epoch must be new');
    check(stale.epoch >= 4, () => `the refusal of a stale epoch should tell the candidate where the cluster is: expected "epoch" >= 4, got ${stale.epoch}`);
    await expectVote(voter!, { epoch: 2, candidate: 'm-x', leader: null }, false, 'epoch 2 is older than epochs this monitor knows');

    // Hostile requests: each must be refused with 400 and change nothing.
    const hostile: [string, string][] = [
      ['"epoch" as a string', JSON.stringify({ epoch: '5', candidate: 'm-evil', leader: null })],
      ['a fractional epoch', JSON.stringify({ epoch: 5.5, candidate: 'm-evil', leader: null })],
      ['a negative epoch', JSON.stringify({ epoch: -5, candidate: 'm-evil', leader: null })],
      ['epoch 0', JSON.stringify({ epoch: 0, candidate: 'm-evil', leader: null })],
      ['a 17-digit epoch', '{"epoch": 10000000000000005, "candidate": "m-evil", "leader": null}'],
      ['an epoch of 1e300', '{"epoch": 1e300, "candidate": "m-evil", "leader": null}'],
      ['no candidate', JSON.stringify({ epoch: 5, leader: null })],
      ['an empty candidate', JSON.stringify({ epoch: 5, candidate: '', leader: null })],
      ['a numeric candidate', JSON.stringify({ epoch: 5, candidate: 7, leader: null })],
      ['a candidate with a newline', JSON.stringify({ epoch: 5, candidate: 'm-\nevil', leader: null })],
      ['a 5000-character candidate', JSON.stringify({ epoch: 5, candidate: 'm'.repeat(5000), leader: null })],
      ['an array', JSON.stringify([{ epoch: 5, candidate: 'm-evil' }])],
      ['null', 'null'],
      ['text that is not JSON', 'epoch=5&candidate=m-evil'],
      ['quotes in JSON gone wrong', '{"epoch": 5, "candidate": "m-"evil"}'],
    ];
    for (const [what, body] of hostile) {
      const { status, text } = await askVote(voter!, body, true);
      check(status === 400 || status === 413, () => `POST /monitor/vote with ${what} (${excerpt(body, 80)}): expected 400 with a JSON error, got ${status} ${excerpt(text)}. Read: ${T6_LESSON}`);
    }
    await expectVote(voter!, { epoch: 5, candidate: 'm-y', leader: null }, true, 'epoch 5 is new, and none of the malformed requests may have used it');

    // The vote outlives the process.
    voter!.component.signal('SIGKILL');
    voter = await restartMonitor(voter!, { ...env, PEERS: '' });
    await expectVote(voter, { epoch: 5, candidate: 'm-x', leader: null }, false, 'this monitor voted for m-y in epoch 5 before it was killed: a restart must not let it vote again in epoch 5 (keep the vote on disk, saved before answering)');
    await expectVote(voter, { epoch: 5, candidate: 'm-y', leader: null }, true, 'm-y asks again for the epoch it already has your vote in');

    // No vote while this monitor itself sees a current leader.
    await node.healthy({ role: 'leader', epoch: 6, leader: null });
    await pollUntil(async () => (await state(voter)).nodes?.[0]?.role === 'leader', { what: 'the monitor to see its node as the leader of epoch 6', timeoutMs: 10_000, intervalMs: 50 });
    await expectVote(voter, { epoch: 9, candidate: 'm-x', leader: node.url }, false, `this monitor sees ${node.url} up and leading epoch 6: only the candidate lost sight of it, so there is nothing to fail over`);
    node.fake.component.signal('SIGSTOP');
    try {
      await waitForStatus(voter, node, 'suspected', `the monitor to suspect the paused leader (FAILURE_TIMEOUT_MS=${FAILURE_TIMEOUT_MS})`);
      await expectVote(voter, { epoch: 9, candidate: 'm-x', leader: node.url }, true, 'now this monitor has lost the leader too, and epoch 9 is new');
    } finally {
      node.fake.component.signal('SIGCONT');
    }
  });

  it('a monitor that alone loses sight of the leader cannot promote; when a majority loses it, one does', async () => {
    const mine = await fakeCluster('t6-alone-a'); // what monitor a sees
    const shared = await fakeCluster('t6-alone-bc'); // what b and c see
    const ports = await monitorPorts(3);
    const [a, b] = await startMonitors(
      [
        { id: 't6-a', nodes: mine.all },
        { id: 't6-b', nodes: shared.all },
        { id: 't6-c', nodes: shared.all },
      ],
      ports,
    );
    await pollUntil(async () => (await state(a!)).leader === mine.leader.url && (await state(b!)).leader === shared.leader.url, { what: 'the monitors to report their leaders', timeoutMs: 10_000, intervalMs: 50 });
    mine.leader.fake.component.signal('SIGSTOP');
    try {
      await waitForStatus(a!, mine.leader, 'suspected', 'monitor t6-a to suspect the leader it watches');
      await expectNoPromotion(mine.followers, 3 * FAILURE_TIMEOUT_MS, async () =>
        `so monitor t6-a promoted on its own: the other two monitors see their leader up and must refuse their votes. /monitor/state of t6-a: ${excerpt(JSON.stringify(await state(a!)), 300)}`,
      );
      // Polled, not read once: a design that clears `blocked` while it asks again still passes.
      let blocked: unknown = null;
      await pollUntil(
        async () => {
          blocked = (await state(a!)).blocked;
          return typeof blocked === 'string' && blocked.length > 0;
        },
        { what: 'monitor t6-a to say in "blocked" why it does not promote', timeoutMs: 2 * FAILURE_TIMEOUT_MS, intervalMs: 50 },
      ).catch(() => {
        throw new LabFailure(`monitor t6-a wants to promote but has no majority: /monitor/state should say why in "blocked", got ${JSON.stringify(blocked)}. Read: ${T6_LESSON}`);
      });
      // Now b and c lose their leader too: a majority agrees, and one of the three wins.
      shared.leader.fake.component.signal('SIGSTOP');
      try {
        await pollUntil(async () => (await promotions([...mine.followers, ...shared.followers])).length > 0, {
          what: 'a promotion once all three monitors have lost their leaders (a majority agrees)',
          timeoutMs: 10_000,
          intervalMs: 50,
        });
      } finally {
        shared.leader.fake.component.signal('SIGCONT');
      }
    } finally {
      mine.leader.fake.component.signal('SIGCONT');
    }
  });

  it('a monitor cut off from the other monitors cannot promote, while the two that can still talk do', async () => {
    const mine = await fakeCluster('t6-cut-a');
    const shared = await fakeCluster('t6-cut-bc');
    const ports = await monitorPorts(3);
    // Every link that touches monitor a goes through a fault proxy: a to b, a to c, b to a, c to a.
    const [ab, ac, ba, ca] = await Promise.all([link(ports[1]!, 'a-to-b'), link(ports[2]!, 'a-to-c'), link(ports[0]!, 'b-to-a'), link(ports[0]!, 'c-to-a')]);
    const [a, b] = await startMonitors(
      [
        { id: 't6-a', nodes: mine.all, peers: [ab!.url, ac!.url] },
        { id: 't6-b', nodes: shared.all, peers: [ba!.url, `http://127.0.0.1:${ports[2]}`] },
        { id: 't6-c', nodes: shared.all, peers: [ca!.url, `http://127.0.0.1:${ports[1]}`] },
      ],
      ports,
    );
    await pollUntil(async () => (await state(a!)).leader === mine.leader.url && (await state(b!)).leader === shared.leader.url, { what: 'the monitors to report their leaders', timeoutMs: 10_000, intervalMs: 50 });
    await Promise.all([ab, ac, ba, ca].map((proxy) => proxy!.drop('both')));
    mine.leader.fake.component.signal('SIGKILL');
    shared.leader.fake.component.signal('SIGKILL');
    await waitForStatus(a!, mine.leader, 'suspected', 'monitor t6-a to suspect its killed leader');
    await pollUntil(async () => (await promotions(shared.followers)).length > 0, {
      what: 'monitors t6-b and t6-c (two of three: a majority) to promote a follower after their leader was killed',
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    await expectNoPromotion(mine.followers, 2 * FAILURE_TIMEOUT_MS, async () =>
      `although monitor t6-a is cut off from both other monitors: one vote of three is no majority, and counting only the monitors that answered is how a partitioned monitor causes split brain. /monitor/state of t6-a: ${excerpt(JSON.stringify(await state(a!)), 300)}`,
    );
  });

  it('three monitors racing for the same failover never promote two nodes in one epoch', async () => {
    // Each monitor watches its own fakes, so every promote command can be told apart; the fakes
    // refuse it (404), so the monitors keep holding elections for the whole test.
    const clusters = [await fakeCluster('t6-race-a'), await fakeCluster('t6-race-b'), await fakeCluster('t6-race-c')];
    const ports = await monitorPorts(3);
    const monitors = await startMonitors(
      clusters.map((cluster, i) => ({ id: `t6-race-${'abc'[i]}`, nodes: cluster.all })),
      ports,
    );
    await pollUntil(async () => (await Promise.all(monitors.map(state))).every((s, i) => s.leader === clusters[i]!.leader.url), { what: 'the three monitors to report their leaders', timeoutMs: 10_000, intervalMs: 50 });
    // All three lose their leader at the same moment: they suspect it together and compete.
    for (const cluster of clusters) cluster.leader.fake.component.signal('SIGKILL');
    const followers = clusters.flatMap((cluster) => cluster.followers);
    await pollUntil(async () => (await promotions(followers)).length >= 3, { what: 'the monitors to win some elections (three promote commands in all)', timeoutMs: 15_000, intervalMs: 100 });
    const seen = await promotions(followers);
    expectOneNodePerEpoch(seen, `promote commands seen: ${seen.map((p) => `${p.node} in ${JSON.stringify(p.epoch)}`).join(', ')}`);
  });

  it('killing one of three monitors changes nothing: the other two still fail over a real cluster', async () => {
    const leader = await startLeader({ id: 't6-real-a' });
    const x = await startFollower(leader.url, { id: 't6-real-x' });
    const y = await startFollower(leader.url, { id: 't6-real-y' });
    const ports = await monitorPorts(3);
    const monitors = await startMonitors(
      ['a', 'b', 'c'].map((id) => ({ id: `t6-real-m${id}`, nodes: [leader, x, y] })),
      ports,
    );
    await pollUntil(async () => (await Promise.all(monitors.map(state))).every((s) => s.leader === leader.url), { what: 'the three monitors to report the leader', timeoutMs: 10_000, intervalMs: 50 });
    monitors[2]!.component.signal('SIGKILL');
    leader.component.signal('SIGKILL');
    const promoted = await pollUntil(
      async () => {
        for (const node of [x, y]) if ((await health(node)).role === 'leader') return node;
        return undefined;
      },
      { what: `a follower to be promoted by the two monitors still alive (FAILURE_TIMEOUT_MS=${FAILURE_TIMEOUT_MS})`, timeoutMs: 15_000, intervalMs: 50 },
    );
    const other = promoted === x ? y : x;
    const { epoch } = await waitForRole(promoted!, 'leader', 'the promoted follower to lead');
    await pollUntil(async () => (await health(other)).leader === promoted!.url, { what: `${other.instanceId} to follow the new leader`, timeoutMs: 10_000, intervalMs: 50 });
    const records = (await Promise.all(monitors.slice(0, 2).map(state))).flatMap((s) => s.failovers ?? []);
    expectOneNodePerEpoch(
      records.map((r) => ({ node: String(r.to), epoch: r.epoch })),
      `failovers in /monitor/state of the two live monitors: ${excerpt(JSON.stringify(records), 300)}`,
    );
    check(records.length >= 1, () => `the new leader (epoch ${epoch}) was promoted, but neither live monitor lists a failover in /monitor/state. Read: ${T6_LESSON}`);
  });
});
