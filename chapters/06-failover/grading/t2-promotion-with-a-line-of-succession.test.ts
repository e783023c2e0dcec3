import { check, describeTask, excerpt, type LearnerApp, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { checksum, createChirp, expectConverged, health, startFollower, startLeader, waitForRole } from './node-support.ts';

const LESSON = 'README.md, "T2 · Promotion with a line of succession"';

interface MonitorState {
  leader?: unknown;
  epoch?: unknown;
  failovers?: { epoch?: unknown; from?: unknown; to?: unknown }[];
}

/** A monitor of `nodes` (in this order: the line of succession for ties), quick enough for a test. */
function startMonitor(nodes: readonly LearnerApp[], id: string): Promise<LearnerApp> {
  return startLearnerApp({
    entry: 'monitor',
    name: `your monitor ${id}`,
    instanceId: id,
    env: { MONITOR_ID: id, NODES: nodes.map((n) => n.url).join(','), PROBE_INTERVAL_MS: '50', PROBE_TIMEOUT_MS: '300', FAILURE_TIMEOUT_MS: '1200' },
  });
}

async function monitorState(monitor: LearnerApp): Promise<MonitorState> {
  const res = await request(`${monitor.url}/monitor/state`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /monitor/state: expected 200, got ${res.status} ${excerpt(res.text)}`);
  return res.json<MonitorState>();
}

/** A leader and two followers, all caught up on `writes` chirps, watched by a monitor. */
async function cluster(name: string, writes: number, order: (l: LearnerApp, x: LearnerApp, y: LearnerApp) => LearnerApp[]) {
  const leader = await startLeader({ id: `${name}-a` });
  const x = await startFollower(leader.url, { id: `${name}-x` });
  const y = await startFollower(leader.url, { id: `${name}-y` });
  for (let i = 0; i < writes; i++) await createChirp(leader, 1, `${name} ${i}`);
  await expectConverged(leader, [x, y], 'both followers to copy the leader\'s chirps');
  const monitor = await startMonitor(order(leader, x, y), `${name}-monitor`);
  await pollUntil(async () => (await monitorState(monitor)).leader === leader.url, { what: `the monitor to report the leader ${leader.url} in /monitor/state`, timeoutMs: 5000, intervalMs: 50 });
  return { leader, x, y, monitor };
}

/** Waits for the monitor to promote someone, and returns whom. */
async function waitForPromotion(monitor: LearnerApp, from: string, candidates: readonly LearnerApp[]): Promise<LearnerApp> {
  let last: MonitorState | undefined;
  try {
    const url = await pollUntil(
      async () => {
        last = await monitorState(monitor);
        return typeof last.leader === 'string' && last.leader !== from && last.leader;
      },
      { what: `the monitor to promote a follower after the leader ${from} was killed (FAILURE_TIMEOUT_MS=1200)`, timeoutMs: 15_000, intervalMs: 50 },
    );
    const node = candidates.find((c) => c.url === url);
    check(node !== undefined, `the monitor reports ${url} as the leader, which is none of the followers`);
    return node!;
  } catch (error) {
    throw new Error(`${(error as Error).message}; /monitor/state last said ${JSON.stringify(last)}. Read: ${LESSON}`);
  }
}

describeTask('T2', () => {
  it('promotes the follower with the highest position, not the first listed; the other follows it from its own position', async () => {
    // NODES lists the lagging follower first: a monitor that takes the first follower is wrong.
    const { leader, x, y, monitor } = await cluster('t2-lag', 6, (l, x, y) => [l, y, x]);
    // y misses the next writes (paused well under the failure timeout, so it never looks dead),
    // then the leader dies with them: x holds positions 7-10, y at most one of them.
    y.component.signal('SIGSTOP');
    try {
      for (let i = 0; i < 4; i++) await createChirp(leader, 1, `only x sees this ${i}`);
      await expectConverged(leader, [x], 'x to copy the 4 new chirps');
      leader.component.signal('SIGKILL');
    } finally {
      y.component.signal('SIGCONT');
    }
    const behind = await checksum(y);
    check(behind.position < 10, `the scenario needs y behind x; y is at ${behind.position} (a grader problem, please report it)`);
    const heir = await waitForPromotion(monitor, leader.url, [x, y]);
    check(heir === x, `the monitor promoted ${heir.instanceId} (position ${heir === y ? behind.position : 10}); it must promote the follower with the HIGHEST position, x at 10 (y, listed first in NODES, was at ${behind.position}). Positions are numbers: 10 > 7. Read: ${LESSON}`);
    const state = await waitForRole(x, 'leader', 'the promoted follower x to lead epoch 2', 2);
    check(state.position === 10, `the promoted follower must keep its data: expected position 10, /healthz says ${JSON.stringify(state)}`);
    const follows = await pollUntil(
      async () => {
        const h = await health(y);
        return h.role === 'follower' && h.leader === x.url && h.epoch === 2 && h;
      },
      { what: `y to be told to follow x (${x.url}) in epoch 2`, timeoutMs: 10_000, intervalMs: 50 },
    ).catch(async (error) => {
      throw new Error(`${(error as Error).message}; y's /healthz says ${JSON.stringify(await health(y))}. Every other follower must follow the new leader. Read: ${LESSON}`);
    });
    void follows;
    await createChirp(x, 2, 'the new leader writes');
    await expectConverged(x, [y], 'y to catch up with x from its own position');
    const after = await health(y);
    check(after.resyncs === 0, `y was behind but its log agreed with x's: it must continue from its position, not resync from a snapshot; /healthz says resyncs ${JSON.stringify(after.resyncs)}`);
    const record = await monitorState(monitor);
    const failovers = record.failovers ?? [];
    check(failovers.length === 1 && failovers[0]!.to === x.url && failovers[0]!.epoch === 2, `/monitor/state must list exactly one failover {epoch: 2, to: ${x.url}}, got ${excerpt(JSON.stringify(failovers))}`);
  });

  it('breaks a tie by the order of NODES, and takes the old leader back as a follower when it returns', async () => {
    const { leader, x, y, monitor } = await cluster('t2-tie', 3, (l, x, y) => [l, y, x]);
    const dataDir = leader.dataDir;
    const port = leader.port;
    leader.component.signal('SIGKILL');
    await leader.component.waitForExit(5000);
    const heir = await waitForPromotion(monitor, leader.url, [x, y]);
    check(heir === y, `x and y were both at position 3: the tie goes to the node listed first in NODES, y; the monitor promoted ${heir.instanceId}. Read: ${LESSON}`);
    await waitForRole(y, 'leader', 'y to lead epoch 2', 2);
    await createChirp(y, 2, 'written after the failover');
    // The old leader restarts on its address with its old state: it believes it leads epoch 1.
    const back = await startLeader({ id: 't2-tie-a', dataDir, port });
    await pollUntil(
      async () => {
        const h = await health(back);
        return h.role === 'follower' && h.leader === y.url && h.epoch === 2;
      },
      { what: `the returning former leader to be told to follow y (${y.url}) in epoch 2`, timeoutMs: 15_000, intervalMs: 50 },
    ).catch(async (error) => {
      throw new Error(`${(error as Error).message}; its /healthz says ${JSON.stringify(await health(back))}. A node that does not follow the leader in its epoch must be re-pointed every round. Read: ${LESSON}`);
    });
    await expectConverged(y, [x, back], 'every node to hold the new leader\'s rows');
    const record = await monitorState(monitor);
    check((record.failovers ?? []).length === 1, `the returning node must be re-pointed, not trigger another failover: /monitor/state lists ${excerpt(JSON.stringify(record.failovers))}`);
  });

  it('a new epoch is one more than the highest the monitor has seen', async () => {
    const leader = await startLeader({ id: 't2-epoch-a' });
    // This cluster has been through failovers already: the leader leads epoch 6.
    const up = await request(`${leader.url}/replication/promote`, { method: 'POST', body: { epoch: 6 } });
    check(up.status === 200, `setting up: promoting the leader to epoch 6 answered ${up.status} ${excerpt(up.text)}`);
    const x = await startFollower(leader.url, { id: 't2-epoch-x' });
    await createChirp(leader, 6, 'epoch 6');
    await expectConverged(leader, [x], 'the follower to copy the chirp');
    const monitor = await startMonitor([leader, x], 't2-epoch-monitor');
    await pollUntil(async () => (await monitorState(monitor)).leader === leader.url, { what: 'the monitor to report the leader', timeoutMs: 5000, intervalMs: 50 });
    leader.component.signal('SIGKILL');
    await waitForPromotion(monitor, leader.url, [x]);
    const state = await waitForRole(x, 'leader', 'x to be promoted', undefined);
    check(state.epoch === 7, `the leader died in epoch 6: the promotion must start epoch 7, x's /healthz says epoch ${JSON.stringify(state.epoch)}. Read: ${LESSON}`);
  });
});
