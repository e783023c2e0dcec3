// Helpers for T6's hidden tests: several monitors that know each other (PEERS), the fake nodes
// each one watches, and the vote API. Fake nodes answer promote and follow with 404, so nothing
// changes on them and the monitors keep holding elections while a test watches: every promote
// command a fake receives is evidence of an election some monitor won.
import { allocatePort, check, excerpt, FaultProxy, type LearnerApp, request, startLearnerApp } from '@scaling-lab/grader/harness';
import { FakeNode } from './monitor-support.ts';

export const T6_LESSON = 'README.md, section "T6 · Monitors are not the new single point of failure"';
export const FAILURE_TIMEOUT_MS = 1000;
const QUICK = { PROBE_INTERVAL_MS: '50', PROBE_TIMEOUT_MS: '300', FAILURE_TIMEOUT_MS: String(FAILURE_TIMEOUT_MS) };

/** A leader in epoch 1 and two followers at position 10, as fakes. */
export interface FakeCluster {
  leader: FakeNode;
  followers: FakeNode[];
  all: FakeNode[];
}

export async function fakeCluster(name: string): Promise<FakeCluster> {
  const leader = await FakeNode.start(`${name}-leader`, { role: 'leader', epoch: 1, position: 10, leader: null });
  const followers = [
    await FakeNode.start(`${name}-x`, { role: 'follower', epoch: 1, position: 10, leader: leader.url }),
    await FakeNode.start(`${name}-y`, { role: 'follower', epoch: 1, position: 10, leader: leader.url }),
  ];
  return { leader, followers, all: [leader, ...followers] };
}

export interface MonitorSpec {
  id: string;
  nodes: readonly { url: string }[];
  /** The origins to list in PEERS (default: the other monitors' own addresses). */
  peers?: string[];
}

/** Ports for `count` monitors, chosen before any starts (each lists the others in PEERS). */
export async function monitorPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await allocatePort());
  return ports;
}

/** Starts monitors on `ports` that list each other in PEERS. */
export async function startMonitors(specs: readonly MonitorSpec[], ports: readonly number[], env: Record<string, string> = {}): Promise<LearnerApp[]> {
  return Promise.all(
    specs.map((spec, i) => {
      const peers = spec.peers ?? ports.filter((_, j) => j !== i).map((port) => `http://127.0.0.1:${port}`);
      return startLearnerApp({
        entry: 'monitor',
        name: `your monitor ${spec.id}`,
        instanceId: spec.id,
        port: ports[i],
        env: { MONITOR_ID: spec.id, NODES: spec.nodes.map((n) => n.url).join(','), PEERS: peers.join(','), ...QUICK, ...env },
      });
    }),
  );
}

/** Starts one monitor again on its port and data directory (after a SIGKILL). */
export async function restartMonitor(monitor: LearnerApp, env: Record<string, string>): Promise<LearnerApp> {
  await monitor.component.stop();
  return startLearnerApp({ entry: 'monitor', name: `your monitor ${monitor.instanceId} (restarted)`, instanceId: monitor.instanceId, port: monitor.port, dataDir: monitor.dataDir, env: { ...QUICK, ...env } });
}

export interface VoteAnswer {
  granted: boolean;
  epoch: number;
  reason?: unknown;
}

/** POST /monitor/vote with `body` (anything: tests send hostile ones too); status and parsed answer. */
export async function askVote(monitor: LearnerApp, body: unknown, raw = false): Promise<{ status: number; text: string; answer?: VoteAnswer }> {
  const res = await request(`${monitor.url}/monitor/vote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? (body as string) : JSON.stringify(body), timeoutMs: 5000 });
  if (res.status !== 200) return { status: res.status, text: res.text };
  let answer: VoteAnswer | undefined;
  try {
    answer = JSON.parse(res.text) as VoteAnswer;
  } catch {
    answer = undefined;
  }
  check(
    typeof answer === 'object' && answer !== null && typeof answer.granted === 'boolean' && Number.isSafeInteger(answer.epoch),
    () => `POST /monitor/vote ${excerpt(raw ? String(body) : JSON.stringify(body))}: expected 200 {"granted": true | false, "epoch": n, "reason": "..."}, got ${excerpt(res.text)}. Read: ${T6_LESSON}`,
  );
  return { status: 200, text: res.text, answer };
}

/** Asks for a vote and checks that it was granted (or refused). */
export async function expectVote(monitor: LearnerApp, body: { epoch: unknown; candidate: unknown; leader?: unknown }, granted: boolean, why: string): Promise<VoteAnswer> {
  const { status, text, answer } = await askVote(monitor, body);
  check(status === 200, () => `POST /monitor/vote ${JSON.stringify(body)}: expected 200, got ${status} ${excerpt(text)}. Read: ${T6_LESSON}`);
  check(answer!.granted === granted, () => `POST /monitor/vote ${JSON.stringify(body)}: expected "granted": ${granted} (${why}), got ${excerpt(text)}. Read: ${T6_LESSON}`);
  return answer!;
}

/** Every promote command the fakes received, with its epoch, oldest first. */
export async function promotions(fakes: readonly FakeNode[]): Promise<{ node: string; epoch: unknown; at: number }[]> {
  const all: { node: string; epoch: unknown; at: number }[] = [];
  for (const fake of fakes) {
    for (const req of await fake.fake.requests()) {
      if (req.method !== 'POST' || req.url !== '/replication/promote') continue;
      let epoch: unknown;
      try {
        epoch = (JSON.parse(req.body) as { epoch?: unknown }).epoch;
      } catch {
        epoch = req.body;
      }
      all.push({ node: fake.id, epoch, at: req.at });
    }
  }
  return all.sort((a, b) => a.at - b.at);
}

/** No epoch was used to promote two different nodes; the message names the first that was. */
export function expectOneNodePerEpoch(promotes: readonly { node: string; epoch: unknown }[], context: string): void {
  const byEpoch = new Map<string, string>();
  for (const { node, epoch } of promotes) {
    const key = JSON.stringify(epoch);
    const earlier = byEpoch.get(key);
    check(
      earlier === undefined || earlier === node,
      () => `two promotions in epoch ${key}: ${earlier} and ${node} were both told to lead it (${context}). Each monitor may vote once per epoch, and a promotion needs a majority, so two can never win one epoch. Read: ${T6_LESSON}`,
    );
    byEpoch.set(key, node);
  }
}

/** A fault proxy in front of a monitor's port: one link between two monitors, to cut. */
export function link(port: number, name: string): Promise<FaultProxy> {
  return FaultProxy.start({ target: port, name });
}
