import {
  check,
  checkOneWriterPerEpoch,
  checkSet,
  completionFromResponse,
  describeTask,
  excerpt,
  expectHistoryValid,
  History,
  type LearnerApp,
  pollUntil,
  type Random,
  request,
  seeded,
  startLearnerApp,
} from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { expectConverged, health, startFollower, startLeader, waitForRole } from './node-support.ts';

const LESSON = 'README.md, "T5 · No acknowledged write lost"';
const FAILURE_TIMEOUT_MS = 1000;

interface MonitorState {
  leader?: unknown;
  nodes?: { url?: unknown; epoch?: unknown }[];
  failovers?: unknown[];
}

function startMonitor(nodes: readonly LearnerApp[], id: string, syncReplicas: number): Promise<LearnerApp> {
  return startLearnerApp({
    entry: 'monitor',
    name: `your monitor ${id}`,
    instanceId: id,
    env: { MONITOR_ID: id, NODES: nodes.map((n) => n.url).join(','), PROBE_INTERVAL_MS: '50', PROBE_TIMEOUT_MS: '300', FAILURE_TIMEOUT_MS: String(FAILURE_TIMEOUT_MS), SYNC_REPLICAS: String(syncReplicas) },
  });
}

async function monitorState(monitor: LearnerApp): Promise<MonitorState> {
  const res = await request(`${monitor.url}/monitor/state`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /monitor/state: expected 200, got ${res.status} ${excerpt(res.text)}`);
  return res.json<MonitorState>();
}

/** A leader (SYNC_REPLICAS=1) and two followers, caught up. */
async function syncCluster(name: string) {
  const env = { SYNC_REPLICAS: '1', SYNC_TIMEOUT_MS: '2000' };
  const a = await startLeader({ id: `${name}-a`, env });
  const x = await startFollower(a.url, { id: `${name}-x`, env });
  const y = await startFollower(a.url, { id: `${name}-y`, env });
  return { a, x, y };
}

/** One write to `node` in `epoch`, recorded in the history (its value is the chirp's text). */
function write(history: History, client: string, node: LearnerApp, epoch: number, text: string) {
  return history.run(client, { op: 'write', value: text, node: node.instanceId }, async () =>
    completionFromResponse(await request(`${node.url}/api/chirps`, { method: 'POST', headers: { 'x-chirp-epoch': String(epoch) }, body: { author: 't5', text }, timeoutMs: 4000 })),
  );
}

/** The final read of every node: the texts of all its chirps by t5. */
async function finalReads(history: History, nodes: readonly LearnerApp[]): Promise<void> {
  for (const node of nodes) {
    await history.run('final', { op: 'final-read', node: node.instanceId }, async () => {
      const texts: string[] = [];
      let before: string | null = null;
      for (let page = 0; page < 1000; page++) {
        const res = await request(`${node.url}/api/chirps?author=t5&limit=100${before ? `&before=${before}` : ''}`, { timeoutMs: 5000 });
        check(res.status === 200, () => `GET /api/chirps on ${node.instanceId}: expected 200, got ${res.status}`);
        const body = res.json<{ chirps: { text: string }[]; nextCursor: string | null }>();
        texts.push(...body.chirps.map((c) => c.text));
        before = body.nextCursor;
        if (!before) break;
      }
      return { value: texts, node: node.instanceId };
    });
  }
}

/** Clients that write without pause to whatever leader the monitor names, as an application would. */
function writeLoad(history: History, monitor: LearnerApp, nodes: readonly LearnerApp[], random: Random, clients: number) {
  let stopped = false;
  const byUrl = new Map(nodes.map((n) => [n.url, n]));
  const runs = Array.from({ length: clients }, async (_, c) => {
    const r = random.fork(`client ${c}`);
    let n = 0;
    while (!stopped) {
      const state = await monitorState(monitor).catch(() => undefined);
      const leader = typeof state?.leader === 'string' ? byUrl.get(state.leader) : undefined;
      const epoch = state?.nodes?.find((node) => node.url === state.leader)?.epoch;
      if (!leader || typeof epoch !== 'number') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      await write(history, `c${c}`, leader, epoch, `c${c}-${n++}-${r.string('abcdef"\'<>&', 6)}`);
    }
  });
  return async () => {
    stopped = true;
    await Promise.all(runs);
  };
}

describeTask('T5', () => {
  it('a seeded write load survives SIGKILL of the leader in synchronous mode: every acknowledged chirp is kept, one writer per epoch', async () => {
    const random = seeded('T5 load');
    const { a, x, y } = await syncCluster('t5-load');
    const monitor = await startMonitor([a, x, y], 't5-load-monitor', 1);
    await pollUntil(async () => (await monitorState(monitor)).leader === a.url, { what: 'the monitor to report the leader', timeoutMs: 5000, intervalMs: 50 });
    const history = new History();
    const stop = writeLoad(history, monitor, [a, x, y], random, 3);
    await pollUntil(() => history.events.filter((e) => e.type === 'ok').length >= 30 + random.int(0, 30), { what: 'the clients to get some writes acknowledged', timeoutMs: 15_000, intervalMs: 10 });
    a.component.signal('SIGKILL');
    history.nemesis('kill', { node: a.instanceId });
    const killed = history.events.length;
    try {
      await pollUntil(() => history.events.slice(killed).filter((e) => e.type === 'ok').length >= 20, {
        what: `writes to succeed again after the leader's SIGKILL (a promotion with FAILURE_TIMEOUT_MS=${FAILURE_TIMEOUT_MS})`,
        timeoutMs: 15_000,
        intervalMs: 20,
      });
    } finally {
      await stop();
    }
    await expectConverged(x, [y], 'the two survivors to hold the same rows');
    await finalReads(history, [x, y]);
    expectHistoryValid(
      history,
      { 'every acknowledged write survives': checkSet(history, { nodes: [x.instanceId, y.instanceId] }), 'one writer per epoch': checkOneWriterPerEpoch(history) },
      { name: 'T5 SIGKILL under load', nodes: [a.instanceId, x.instanceId, y.instanceId], lesson: LESSON },
    );
  });

  it('waits rather than promote a follower that may lack acknowledged writes, and promotes once it can be sure', async () => {
    const { a, x, y } = await syncCluster('t5-wait');
    // y is listed first: whoever wins a tie, y is never the right choice here.
    const monitor = await startMonitor([a, y, x], 't5-wait-monitor', 1);
    await pollUntil(async () => (await monitorState(monitor)).leader === a.url, { what: 'the monitor to report the leader', timeoutMs: 5000, intervalMs: 50 });
    const history = new History();
    for (let i = 0; i < 3; i++) check((await write(history, 'setup', a, 1, `before ${i}`)).type === 'ok', 'setting up: a write to the leader failed');
    await expectConverged(a, [x, y], 'both followers to copy the first chirps');
    // y falls behind (a short pause: it never looks dead); only x confirms the next writes.
    y.component.signal('SIGSTOP');
    history.nemesis('pause', { node: y.instanceId });
    try {
      for (let i = 0; i < 4; i++) check((await write(history, 'client', a, 1, `only x has ${i}`)).type === 'ok', 'a write confirmed by x should be acknowledged (SYNC_REPLICAS=1)');
      // Now the monitor loses sight of x just as the leader dies.
      x.component.signal('SIGSTOP');
      history.nemesis('pause', { node: x.instanceId });
      a.component.signal('SIGKILL');
      history.nemesis('kill', { node: a.instanceId });
    } finally {
      y.component.signal('SIGCONT');
      history.nemesis('resume', { node: y.instanceId });
    }
    try {
      // Long enough for the leader and x to be suspected and a failover to be tempting.
      const until = Date.now() + 3 * FAILURE_TIMEOUT_MS;
      while (Date.now() < until) {
        const state = await monitorState(monitor);
        const promoted = (await health(y)).role === 'leader';
        check((state.failovers ?? []).length === 0 && !promoted, () => `the monitor promoted y while x, the only follower that may hold 4 acknowledged writes, was out of sight (SYNC_REPLICAS=1, 2 followers: 2 must be up). Those writes would be lost. /monitor/state: ${excerpt(JSON.stringify(state), 400)}. Read: ${LESSON}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      x.component.signal('SIGCONT');
      history.nemesis('resume', { node: x.instanceId });
    }
    await waitForRole(x, 'leader', 'x (it holds every acknowledged write) to be promoted once it is back', undefined, 15_000);
    await pollUntil(async () => (await health(y)).leader === x.url, { what: 'y to follow x', timeoutMs: 10_000, intervalMs: 50 });
    await expectConverged(x, [y], 'y to catch up with x');
    await finalReads(history, [x, y]);
    expectHistoryValid(history, { 'every acknowledged write survives': checkSet(history, { nodes: [x.instanceId, y.instanceId] }) }, { name: 'T5 wait for a safe promotion', nodes: [a.instanceId, x.instanceId, y.instanceId], lesson: LESSON });
  });

  it('in asynchronous mode, promotes the follower it can see when the other is down', async () => {
    const a = await startLeader({ id: 't5-async-a' });
    const x = await startFollower(a.url, { id: 't5-async-x' });
    const y = await startFollower(a.url, { id: 't5-async-y' });
    const monitor = await startMonitor([a, y, x], 't5-async-monitor', 0);
    await pollUntil(async () => (await monitorState(monitor)).leader === a.url, { what: 'the monitor to report the leader', timeoutMs: 5000, intervalMs: 50 });
    x.component.signal('SIGSTOP');
    try {
      a.component.signal('SIGKILL');
      await waitForRole(y, 'leader', 'y to be promoted: with SYNC_REPLICAS=0 nothing is gained by waiting for x, and availability is the point', undefined, 15_000);
    } finally {
      x.component.signal('SIGCONT');
    }
  });
});
