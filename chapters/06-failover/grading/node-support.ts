// Helpers for chapter 06's hidden tests that drive nodes: the learner's own node processes
// (provided code plus their fence, T3), each with its own SQLite file, told what to do through
// the documented control API, compared through GET /replication/checksum. Waits poll with
// deadlines; nothing sleeps to synchronise.
import { check, excerpt, type LearnerApp, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/harness';

export interface Chirp {
  id: number;
  author: string;
  text: string;
  createdAt: string;
}

export interface Checksum {
  position: number;
  rows: number;
  sha256: string;
}

export interface NodeHealth {
  role?: unknown;
  epoch?: unknown;
  position?: unknown;
  leader?: unknown;
  resyncs?: unknown;
}

export interface StartOptions {
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
  id?: string;
}

export function startLeader(options: StartOptions = {}): Promise<LearnerApp> {
  const id = options.id ?? 'leader';
  return startLearnerApp({ name: `your node ${id}`, instanceId: id, dataDir: options.dataDir, port: options.port, env: { ROLE: 'leader', NODE_ID: id, ...options.env } });
}

/** A new follower of `leaderUrl`, long-polling for 300 ms. */
export function startFollower(leaderUrl: string, options: StartOptions = {}): Promise<LearnerApp> {
  const id = options.id ?? 'follower';
  return startLearnerApp({
    name: `your node ${id}`,
    instanceId: id,
    dataDir: options.dataDir,
    port: options.port,
    env: { ROLE: 'follower', LEADER_URL: leaderUrl, NODE_ID: id, FETCH_WAIT_MS: '300', ...options.env },
  });
}

/** POST /api/chirps with X-Chirp-Epoch; the raw answer (the caller checks it). */
export function writeChirp(node: LearnerApp, epoch: string | string[] | undefined, text: string, author = 'fence') {
  const headers: Record<string, string | string[]> = {};
  if (epoch !== undefined) headers['x-chirp-epoch'] = epoch;
  return request(`${node.url}/api/chirps`, { method: 'POST', headers, body: { author, text }, timeoutMs: 10_000 });
}

/** A write that must succeed: 201 in `epoch`. */
export async function createChirp(node: LearnerApp, epoch: number, text: string, author = 'fence'): Promise<{ chirp: Chirp; position: number }> {
  const res = await writeChirp(node, String(epoch), text, author);
  check(res.status === 201, () => `POST /api/chirps on ${node.instanceId} with X-Chirp-Epoch: ${epoch}: expected 201, got ${res.status} ${excerpt(res.text)}`);
  return { chirp: res.json<Chirp>(), position: Number(res.headers['x-chirp-position']) };
}

export async function health(node: LearnerApp): Promise<NodeHealth> {
  const res = await request(`${node.url}/healthz`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /healthz on ${node.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)}`);
  return res.json<NodeHealth>();
}

export async function checksum(node: LearnerApp): Promise<Checksum> {
  const res = await request(`${node.url}/replication/checksum`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /replication/checksum on ${node.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)} (provided code: keep replication-api.ts as given)`);
  return res.json<Checksum>();
}

/** POST /replication/promote {epoch}: the raw answer. */
export function promote(node: LearnerApp, epoch: unknown) {
  return request(`${node.url}/replication/promote`, { method: 'POST', body: { epoch }, timeoutMs: 5000 });
}

/** POST /replication/follow {leader, epoch}: the raw answer. */
export function follow(node: LearnerApp, leader: string, epoch: unknown) {
  return request(`${node.url}/replication/follow`, { method: 'POST', body: { leader, epoch }, timeoutMs: 5000 });
}

/** Waits until `node` reports `role` (and `epoch`, if given) in /healthz. */
export async function waitForRole(node: LearnerApp, role: 'leader' | 'follower', what: string, epoch?: number, timeoutMs = 10_000): Promise<NodeHealth> {
  let last: NodeHealth | undefined;
  try {
    return await pollUntil(
      async () => {
        last = await health(node);
        return last.role === role && (epoch === undefined || last.epoch === epoch) && last;
      },
      { what, timeoutMs, intervalMs: 50 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; /healthz of ${node.instanceId} last said ${JSON.stringify(last)}`);
  }
}

/** Waits until every node holds the same rows at the same position as `reference`. */
export async function expectConverged(reference: LearnerApp, others: readonly LearnerApp[], what: string, timeoutMs = 15_000): Promise<Checksum> {
  let last = '';
  try {
    return await pollUntil(
      async () => {
        const target = await checksum(reference);
        const states = await Promise.all(others.map((n) => checksum(n)));
        last = `${reference.instanceId} ${fmt(target)}; ${others.map((n, i) => `${n.instanceId} ${fmt(states[i]!)}`).join('; ')}`;
        return states.every((s) => s.sha256 === target.sha256 && s.position === target.position) && target;
      },
      { what, timeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nLast seen: ${last}`);
  }
}

const fmt = (c: Checksum) => `position ${c.position}, ${c.rows} rows, sha256 ${c.sha256.slice(0, 12)}`;
