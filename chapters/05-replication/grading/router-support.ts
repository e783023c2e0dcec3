// Helpers for the router's hidden tests (T4, T5): fake nodes behind the learner's router. Each
// task grades only its own layer, so these tests never start the learner's node: a fake node
// answers /healthz with whatever role and position a test gives it, and every other path with
// an echo carrying X-Chirp-Node and X-Chirp-Position, as the contract says a node does.
import type http from 'node:http';
import { check, excerpt, FakeBackend, type LearnerApp, LabFailure, request, RequestFailure, startLearnerApp } from '@scaling-lab/grader/harness';

export type Role = 'leader' | 'follower';

/** Health settings every router in these tests gets unless a test overrides them. */
export const FAST_HEALTH = { HEALTH_INTERVAL_MS: '50', HEALTH_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '3000' };

export class FakeNode {
  position = 0;

  constructor(
    readonly fake: FakeBackend,
    readonly role: Role,
  ) {}

  get id(): string {
    return this.fake.id;
  }

  get url(): string {
    return this.fake.url;
  }

  /**
   * Moves the node to `position`: its answers first, then its /healthz. In that order, a
   * router that learned the new position from /healthz can only reach answers at or past it.
   */
  async at(position: number, health: Record<string, unknown> = {}): Promise<void> {
    this.position = position;
    await this.fake.behave({ headers: { 'x-chirp-node': this.id, 'x-chirp-position': String(position) } });
    await this.healthz({ status: 'ok', instance: this.id, role: this.role, position, ...health });
  }

  /** Answers /healthz with this body (an object is sent as JSON, a string as it is). */
  async healthz(body: unknown, status = 200): Promise<void> {
    await this.fake.behave({ path: '/healthz', status, body });
  }

  /** Resolves once the router has checked /healthz `times` times since `since` (Date.now()). */
  async checkedSince(since: number, times = 2): Promise<boolean> {
    const log = await this.fake.requests();
    return log.filter((r) => r.url === '/healthz' && r.at >= since).length >= times;
  }

  /** How many requests (not health checks) it recorded whose path starts with `prefix`. */
  async count(prefix: string, method?: string): Promise<number> {
    const log = await this.fake.requests();
    return log.filter((r) => r.url.startsWith(prefix) && (method === undefined || r.method === method)).length;
  }
}

/** Starts a fake leader at `leaderPosition` and one fake follower per position. */
export async function startNodes(leaderPosition: number, followerPositions: readonly number[], prefix = 'f'): Promise<{ leader: FakeNode; followers: FakeNode[] }> {
  const fakes = await Promise.all([FakeBackend.start('leader'), ...followerPositions.map((_, i) => FakeBackend.start(`${prefix}${i + 1}`))]);
  const leader = new FakeNode(fakes[0]!, 'leader');
  const followers = fakes.slice(1).map((fake) => new FakeNode(fake, 'follower'));
  await Promise.all([leader.at(leaderPosition), ...followers.map((node, i) => node.at(followerPositions[i]!))]);
  return { leader, followers };
}

export function startRouter(leader: { url: string }, followers: readonly { url: string }[], env: Record<string, string> = {}): Promise<LearnerApp> {
  return startLearnerApp({
    entry: 'router',
    name: 'your router',
    env: { LEADER_URL: leader.url, FOLLOWER_URLS: followers.map((f) => f.url).join(','), ...FAST_HEALTH, ...env },
  });
}

export interface Answer {
  status: number;
  /** X-Chirp-Node of the answer. */
  node: string | undefined;
  /** X-Chirp-Position of the answer, as a number. */
  position: number | undefined;
  body: string;
  headers: http.IncomingHttpHeaders;
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export async function send(router: { url: string }, path: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: unknown; timeoutMs?: number } = {}): Promise<Answer> {
  const res = await request(`${router.url}${path}`, { timeoutMs: 10_000, ...options });
  const position = one(res.headers['x-chirp-position']);
  return { status: res.status, node: one(res.headers['x-chirp-node']), position: position === undefined ? undefined : Number(position), body: res.text, headers: res.headers };
}

/** A GET through the router that must be answered 200 by one of the fakes; returns the answer. */
export async function read(router: { url: string }, path: string, headers: http.OutgoingHttpHeaders = {}, timeoutMs = 10_000): Promise<Answer> {
  let answer: Answer;
  try {
    answer = await send(router, path, { headers, timeoutMs });
  } catch (error) {
    if (error instanceof RequestFailure) throw new LabFailure(`GET ${path} through the router failed: ${error.message}`);
    throw error;
  }
  const token = headers['x-chirp-min-position'];
  const asked = token === undefined ? '' : ` with X-Chirp-Min-Position: ${token}`;
  check(answer.status === 200 && answer.node !== undefined, () => `GET ${path}${asked} through the router: expected 200 from a node (with its X-Chirp-Node), got ${answer.status} ${excerpt(answer.body)}`);
  return answer;
}

/** `count` sequential GETs under `prefix`; how many each node answered, by id. */
export async function spread(router: { url: string }, prefix: string, count: number, nodes: readonly FakeNode[], headers: http.OutgoingHttpHeaders = {}): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(nodes.map((node) => [node.id, 0]));
  for (let i = 0; i < count; i++) {
    const answer = await read(router, `${prefix}/${i}`, headers);
    counts[answer.node!] = (counts[answer.node!] ?? 0) + 1;
  }
  return counts;
}

export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts).map(([id, n]) => `${id}: ${n}`).join(', ');
}

/**
 * True once every node's /healthz was checked `times` times since `since`: the router has seen
 * what they say now (2 per router: a check under way at `since` may have had the old answer).
 */
export async function routerHasSeen(nodes: readonly FakeNode[], since: number, times = 2): Promise<boolean> {
  const seen = await Promise.all(nodes.map((node) => node.checkedSince(since, times)));
  return seen.every(Boolean);
}
