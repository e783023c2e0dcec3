// What T1's hidden tests share: a cluster of fake nodes watched by the learner's monitor, and
// the ways to wait on and judge what /monitor/state says. T1's checks are spread over three files,
// each with a cluster of its own, so that they run side by side: they mostly wait out
// FAILURE_TIMEOUT_MS, and in one file they took 11 s before a learner saw T1's line.
import { check, LabFailure, type LearnerApp, pollUntil, seeded, shared } from '@scaling-lab/grader/harness';
import { entry, FAST_MONITOR, FakeNode, type MonitorState, readState, rel, type Sample, startMonitor, story, T1_LESSON } from './monitor-support.ts';

export const F = Number(FAST_MONITOR.FAILURE_TIMEOUT_MS);
export const PROBE_TIMEOUT = Number(FAST_MONITOR.PROBE_TIMEOUT_MS);
export const SETTINGS = `PROBE_INTERVAL_MS=${FAST_MONITOR.PROBE_INTERVAL_MS}, PROBE_TIMEOUT_MS=${PROBE_TIMEOUT}, FAILURE_TIMEOUT_MS=${F}`;

/**
 * Polls /monitor/state until `problem` finds nothing wrong with it; the last problem is quoted if
 * the deadline passes. Returns the sample that satisfied it.
 */
export async function waitFor(monitor: LearnerApp, nodes: readonly { url: string }[], what: string, timeoutMs: number, problem: (state: MonitorState) => string | undefined): Promise<Sample> {
  return pollUntil(
    async () => {
      const sent = Date.now();
      const state = await readState(monitor, nodes);
      const wrong = problem(state);
      if (wrong) throw new LabFailure(wrong);
      return { sent, at: Date.now(), state };
    },
    { what, timeoutMs, intervalMs: 20 },
  );
}

/** What is wrong with `node`'s entry, if it is not up with the role, epoch and position it reports. */
export function notCurrent(state: MonitorState, node: FakeNode): string | undefined {
  const e = entry(state, node);
  const { role, epoch, position } = node.health;
  if (e.status === 'up' && e.lastSeenMs !== null && e.lastSeenMs < 500 && e.role === role && e.epoch === epoch && e.position === position) return undefined;
  return `${node.id} (${node.url}) answers /healthz with role "${role}", epoch ${epoch}, position ${position}; /monitor/state says ${JSON.stringify(e)}`;
}

/** The shared cluster's monitor, and whether it has ever shown a node correctly. */
export interface Watched {
  monitor: LearnerApp;
  nodes: FakeNode[];
  /** Set once a node was seen up; until then, the first failure to see one is repeated at once. */
  seen: boolean;
  failure?: unknown;
}

/**
 * Waits until the monitor has a fresh, correct view of `only` (default: every node); a monitor that
 * has not shown one yet (just started) gets longer.
 */
export async function settled(cluster: Watched, only?: FakeNode, timeoutMs = cluster.seen ? 3000 : 5000): Promise<Sample> {
  // A monitor that never showed a node up will not start now: fail fast, with the same message.
  if (!cluster.seen && cluster.failure) throw cluster.failure;
  const targets = only ? [only] : cluster.nodes;
  const what = only ? `${only.id} to be` : 'every node to be';
  try {
    const sample = await waitFor(cluster.monitor, cluster.nodes, `${what} "up" with a recent successful probe (lastSeenMs < 500) and the role, epoch and position from its /healthz (${SETTINGS})`, timeoutMs, (state) => targets.map((n) => notCurrent(state, n)).find(Boolean));
    cluster.seen = true;
    return sample;
  } catch (error) {
    cluster.failure ??= error;
    throw error;
  }
}

export function neverSuspected(samples: readonly Sample[], node: FakeNode, from: number, why: string): void {
  const bad = samples.find((s) => entry(s.state, node).status === 'suspected');
  check(bad === undefined, () => `${why}, yet /monitor/state said it was "suspected" at ${rel(bad!.at, from)} (${JSON.stringify(entry(bad!.state, node))}). What it said over time: ${story(samples, node, from)}. A node is suspected only after FAILURE_TIMEOUT_MS without a successful probe (${SETTINGS}). Read: ${T1_LESSON}`);
}

/**
 * One leader and four followers that all answer /healthz, watched by the learner's monitor; started
 * by the first test that asks. Each test harms one node and leaves it healthy. Call inside
 * describeTask; `seed` names the cluster's random values (epochs, positions).
 */
export function detectorCluster(seed: string) {
  return shared(async () => {
    const random = seeded(seed);
    const epoch = random.int(1, 60);
    const top = random.int(1000, 900_000);
    const leader = await FakeNode.start('n1', { role: 'leader', epoch, position: top, leader: null });
    const followers = await Promise.all(['n2', 'n3', 'n4', 'n5'].map((id) => FakeNode.start(id, { role: 'follower', epoch, position: top - random.int(0, 50), leader: leader.url })));
    const nodes = [leader, ...followers];
    const monitor = await startMonitor(nodes);
    const watched: Watched = { monitor, nodes, seen: false };
    return { monitor, nodes, random, watched };
  });
}
