// Helpers for the monitor's hidden tests. Each task grades only its own layer: these tests never
// start the learner's node. A fake node (a FakeBackend process, so it can be killed and paused
// for real) answers /healthz with whatever a test scripts, and 404 to everything else, so a
// monitor's promote or follow commands change nothing here.
import { setTimeout as delay } from 'node:timers/promises';
import { type Behaviour, check, excerpt, FakeBackend, LabFailure, type LearnerApp, request, RequestFailure, startLearnerApp } from '@scaling-lab/grader/harness';

export const T1_LESSON = 'README.md, section "T1 · A failure detector"';

export type Role = 'leader' | 'follower';

export interface StateNode {
  url: string;
  status: 'up' | 'suspected';
  role: Role | null;
  epoch: number | null;
  position: number | null;
  leader: string | null;
  lastSeenMs: number | null;
}

export interface MonitorState {
  monitor: string;
  epoch: number;
  leader: string | null;
  nodes: StateNode[];
  failovers: unknown[];
}

/** What a healthy node says about itself. */
export interface Health {
  role: Role;
  epoch: number;
  position: number;
  leader: string | null;
}

export class FakeNode {
  private constructor(
    public fake: FakeBackend,
    public health: Health,
  ) {}

  /** A fake node that answers /healthz with `health` (once `answer()` is called, with that). */
  static async start(id: string, health: Health, port?: number): Promise<FakeNode> {
    const node = new FakeNode(await FakeBackend.start(id, port), health);
    await node.fake.behave({ status: 404, body: { error: `${id} is a fake node: only /healthz is scripted` } });
    await node.healthy();
    return node;
  }

  get id(): string {
    return this.fake.id;
  }

  get url(): string {
    return this.fake.url;
  }

  /** The body of a healthy /healthz answer, as a node sends it. */
  body(): Record<string, unknown> {
    const { role, epoch, position, leader } = this.health;
    return { status: 'ok', instance: this.id, role, epoch, position, resyncs: 0, ...(role === 'follower' ? { leader, lag: { entries: 0, ms: 0 } } : { followers: {} }) };
  }

  /** Answers /healthz like a healthy node again, with `health` changed by `change`. */
  async healthy(change: Partial<Health> = {}): Promise<void> {
    this.health = { ...this.health, ...change };
    await this.fake.behave({ path: '/healthz', body: this.body() });
  }

  /** Answers /healthz this way instead (a status, a body, a delay, a hang, a reset). */
  async answer(behaviour: Omit<Behaviour, 'path'>): Promise<void> {
    await this.fake.behave({ ...behaviour, path: '/healthz' });
  }

  /** The /healthz requests it has received (probes), oldest first. */
  async probes(): Promise<{ at: number; status?: number }[]> {
    return (await this.fake.requests()).filter((r) => r.url === '/healthz').map(({ at, status }) => ({ at, status }));
  }

  /** A new process on the same port, answering as before (after a SIGKILL). */
  async restart(): Promise<void> {
    await this.fake.component.stop();
    this.fake = (await FakeNode.start(this.id, this.health, this.fake.port)).fake;
  }
}

/** Settings every monitor in these tests gets unless a test overrides them. */
export const FAST_MONITOR = { PROBE_INTERVAL_MS: '50', PROBE_TIMEOUT_MS: '300', FAILURE_TIMEOUT_MS: '1000' };

export function startMonitor(nodes: readonly { url: string }[], env: Record<string, string> = {}): Promise<LearnerApp> {
  return startLearnerApp({ entry: 'monitor', name: 'your monitor', env: { NODES: nodes.map((n) => n.url).join(','), ...FAST_MONITOR, ...env } });
}

const STATE_SHAPE = '{"monitor", "epoch", "leader", "nodes": [{"url", "status": "up" | "suspected", "role", "epoch", "position", "leader", "lastSeenMs"}], "failovers"}';

/** GET /monitor/state, checked against the contract: one entry per node, in NODES order. */
export async function readState(monitor: LearnerApp, nodes: readonly { url: string }[]): Promise<MonitorState> {
  let res;
  try {
    res = await request(`${monitor.url}/monitor/state`, { timeoutMs: 3000 });
  } catch (error) {
    if (error instanceof RequestFailure) throw new LabFailure(`GET /monitor/state failed: ${error.message}`);
    throw error;
  }
  const action = 'GET /monitor/state';
  check(res.status === 200, () => `${action}: expected 200, got ${res.status} ${excerpt(res.text)}`);
  let state: MonitorState;
  try {
    state = JSON.parse(res.text) as MonitorState;
  } catch {
    throw new LabFailure(`${action}: expected JSON like ${STATE_SHAPE}, got ${excerpt(res.text)}`);
  }
  check(typeof state === 'object' && state !== null && Array.isArray(state.nodes) && state.nodes.length === nodes.length, () => `${action}: expected ${STATE_SHAPE} with one entry per node of NODES (${nodes.length}), got ${excerpt(res.text)}`);
  for (const [i, node] of state.nodes.entries()) {
    const where = `${action}: nodes[${i}]`;
    check(typeof node === 'object' && node !== null && node.url === nodes[i]!.url, () => `${where}: expected the node listed ${i + 1}${i === 0 ? 'st' : i === 1 ? 'nd' : i === 2 ? 'rd' : 'th'} in NODES, {"url": "${nodes[i]!.url}", ...}, got ${excerpt(JSON.stringify(node))}`);
    check(node.status === 'up' || node.status === 'suspected', () => `${where}: "status" must be "up" or "suspected", got ${excerpt(JSON.stringify(node))}`);
    check(node.lastSeenMs === null || (typeof node.lastSeenMs === 'number' && node.lastSeenMs >= 0), () => `${where}: "lastSeenMs" must be null (never seen) or milliseconds since its last successful probe, got ${excerpt(JSON.stringify(node))}`);
  }
  return state;
}

/** The entry of `node` in a state read with readState() for the same NODES. */
export function entry(state: MonitorState, node: { url: string }): StateNode {
  return state.nodes.find((n) => n.url === node.url)!;
}

export interface Sample {
  /** Date.now() when the answer arrived (the monitor judged at or before this). */
  at: number;
  /** Date.now() when the request was sent (the monitor judged at or after this). */
  sent: number;
  state: MonitorState;
}

/**
 * Reads /monitor/state over and over in the background, so a test can say what the monitor
 * said at every moment of a fault, not only at the end.
 */
export class StateWatch {
  readonly samples: Sample[] = [];
  private running = true;
  private error: unknown;
  private readonly done: Promise<void>;

  constructor(
    private readonly monitor: LearnerApp,
    private readonly nodes: readonly { url: string }[],
    private readonly everyMs = 20,
  ) {
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const sent = Date.now();
      try {
        const state = await readState(this.monitor, this.nodes);
        this.samples.push({ sent, at: Date.now(), state });
      } catch (error) {
        this.error ??= error;
        return;
      }
      await delay(this.everyMs);
    }
  }

  /** The samples read since `since` (Date.now()). */
  since(since: number): Sample[] {
    return this.samples.filter((s) => s.sent >= since);
  }

  /** Stops reading; throws the first failed read, if any. */
  async stop(): Promise<Sample[]> {
    this.running = false;
    await this.done;
    if (this.error) throw this.error;
    return this.samples;
  }
}

/** "+120 ms" relative to `from`, for messages. */
export function rel(at: number, from: number): string {
  const ms = Math.round(at - from);
  return `${ms < 0 ? '-' : '+'}${Math.abs(ms)} ms`;
}

/** The statuses a node had in these samples, compressed: "up (+0 ms) suspected (+412 ms) up (+690 ms)". */
export function story(samples: readonly Sample[], node: { url: string }, from: number): string {
  const parts: string[] = [];
  let last = '';
  for (const sample of samples) {
    const e = entry(sample.state, node);
    const now = `${e.status}${e.lastSeenMs === null ? ' (never seen)' : ''}`;
    if (now !== last) parts.push(`${now} at ${rel(sample.at, from)}`);
    last = now;
  }
  return parts.length > 12 ? `${parts.slice(0, 12).join(', ')}, ... (${parts.length - 12} more changes)` : parts.join(', ');
}
