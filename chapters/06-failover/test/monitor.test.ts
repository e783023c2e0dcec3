// Visible starter tests for the monitor (T1, T6): run them while you work with `npm run check -- 06`.
// They cover first steps only; the grader's hidden suite kills, pauses and slows fake nodes, makes
// them answer garbage, watches /monitor/state all along, and partitions monitors from each other.
import { allocatePort, check, describeTask, excerpt, FakeBackend, it, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/starter';

interface StateNode {
  url: string;
  status: string;
  role: string | null;
  epoch: number | null;
  position: number | null;
  lastSeenMs: number | null;
}

/** A fake node: /healthz says it is a follower at `position`; everything else is 404. */
async function fakeNode(id: string, position: number): Promise<FakeBackend> {
  const fake = await FakeBackend.start(id);
  await fake.behave({ status: 404, body: { error: 'a fake node only answers /healthz' } });
  await fake.behave({ path: '/healthz', body: { status: 'ok', instance: id, role: 'follower', epoch: 3, position, leader: null, resyncs: 0 } });
  return fake;
}

async function nodesOf(monitor: { url: string }): Promise<StateNode[]> {
  const res = await request(`${monitor.url}/monitor/state`);
  check(res.status === 200, `GET /monitor/state: expected 200, got ${res.status} ${excerpt(res.text)}`);
  return res.json<{ nodes: StateNode[] }>().nodes;
}

describeTask('T1', () => {
  it('a node that answers /healthz is "up" in /monitor/state, with its role, epoch and position', async () => {
    const node = await fakeNode('starter', 42);
    const monitor = await startLearnerApp({ entry: 'monitor', name: 'your monitor', env: { NODES: node.url, PROBE_INTERVAL_MS: '50' } });
    await pollUntil(
      async () => {
        const [seen] = await nodesOf(monitor);
        return seen?.status === 'up' && seen.role === 'follower' && seen.epoch === 3 && seen.position === 42 && seen.lastSeenMs !== null;
      },
      { what: 'GET /monitor/state to show the node as {"status": "up", "role": "follower", "epoch": 3, "position": 42, "lastSeenMs": <a number>}', timeoutMs: 5000 },
    );
  });

  it('a node that never answers is "suspected" once FAILURE_TIMEOUT_MS has passed', async () => {
    const nowhere = `http://127.0.0.1:${await allocatePort()}`; // nothing listens there
    const monitor = await startLearnerApp({ entry: 'monitor', name: 'your monitor', env: { NODES: nowhere, PROBE_INTERVAL_MS: '50', PROBE_TIMEOUT_MS: '100', FAILURE_TIMEOUT_MS: '500' } });
    const [seen] = await pollUntil(
      async () => {
        const nodes = await nodesOf(monitor);
        return nodes[0]?.status === 'suspected' ? nodes : undefined;
      },
      { what: 'GET /monitor/state to show the dead node as "suspected" (FAILURE_TIMEOUT_MS=500)', timeoutMs: 5000 },
    );
    check(seen!.lastSeenMs === null, `a node that never answered has had no successful probe: expected "lastSeenMs": null, got ${JSON.stringify(seen)}`);
  });
});

describeTask('T6', () => {
  it('POST /monitor/vote grants a new epoch once: the same epoch for another candidate is refused', async () => {
    const node = await fakeNode('starter-voter', 7); // a follower in epoch 3: no leader in sight
    const monitor = await startLearnerApp({ entry: 'monitor', name: 'your monitor', env: { NODES: node.url, PROBE_INTERVAL_MS: '50' } });
    await pollUntil(async () => (await nodesOf(monitor))[0]?.epoch === 3, { what: 'the monitor to see its node in epoch 3', timeoutMs: 5000 });
    const vote = async (candidate: string) => {
      const res = await request(`${monitor.url}/monitor/vote`, { method: 'POST', body: { epoch: 4, candidate, leader: null } });
      check(res.status === 200, `POST /monitor/vote: expected 200, got ${res.status} ${excerpt(res.text)}`);
      return res.json<{ granted: boolean; epoch: number }>();
    };
    const first = await vote('m-one');
    check(first.granted === true, `epoch 4 is new and no leader is in sight: expected {"granted": true, ...}, got ${JSON.stringify(first)}`);
    const second = await vote('m-two');
    check(second.granted === false && second.epoch >= 4, `one vote per epoch: m-two asking for epoch 4 after m-one got it should get {"granted": false, "epoch": 4, ...}, got ${JSON.stringify(second)}`);
  });
});
