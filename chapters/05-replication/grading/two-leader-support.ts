// Helpers for T8's hidden tests: two leaders, each fetching the other's changes through a fault
// proxy the test can cut (PEER_URL points at the proxy), and checks made only through the
// documented interfaces: the Chirp API, PUT /api/chirps/:id, /healthz and /replication/checksum.
import { allocatePort, check, excerpt, FaultProxy, type LearnerApp, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/harness';
import { type Chirp, checksum } from './node-support.ts';

export const LESSON = 'README.md, "T8 · Two leaders"';

export interface LeaderPair {
  a: LearnerApp;
  b: LearnerApp;
  /** a's link to b (a fetches b's changes through it) and b's link to a. */
  toB: FaultProxy;
  toA: FaultProxy;
}

/** Two leaders, "<name>-a" with odd ids and "<name>-b" with even ids; `env` per node. */
export async function startLeaderPair(name: string, env: { a?: Record<string, string>; b?: Record<string, string> } = {}): Promise<LeaderPair> {
  const [portA, portB] = [await allocatePort(), await allocatePort()];
  const toB = await FaultProxy.start({ target: portB, name: `${name}-a->b` });
  const toA = await FaultProxy.start({ target: portA, name: `${name}-b->a` });
  const start = (id: string, port: number, peer: FaultProxy, offset: string, extra: Record<string, string> = {}) =>
    startLearnerApp({ name: `your leader ${id}`, instanceId: id, port, env: { ROLE: 'leader', NODE_ID: id, PEER_URL: peer.url, ID_OFFSET: offset, FETCH_WAIT_MS: '300', ...extra } });
  const [a, b] = await Promise.all([start(`${name}-a`, portA, toB, '1', env.a), start(`${name}-b`, portB, toA, '2', env.b)]);
  return { a, b, toB, toA };
}

export async function partition(pair: LeaderPair): Promise<void> {
  await Promise.all([pair.toB.drop('both'), pair.toA.drop('both')]);
}

export async function heal(pair: LeaderPair): Promise<void> {
  await Promise.all([pair.toB.heal(), pair.toA.heal()]);
}

export async function create(node: LearnerApp, author: string, text: string): Promise<Chirp> {
  const res = await request(`${node.url}/api/chirps`, { method: 'POST', body: { author, text }, timeoutMs: 10_000 });
  check(res.status === 201, () => `POST /api/chirps on ${node.instanceId} (one of two leaders): expected 201, got ${res.status} ${excerpt(res.text)}. Both leaders accept writes; each is stamped by your HybridClock.now(). Read: ${LESSON}`);
  return res.json<Chirp>();
}

export async function edit(node: LearnerApp, id: number, text: string): Promise<Chirp> {
  const res = await request(`${node.url}/api/chirps/${id}`, { method: 'PUT', body: { text }, timeoutMs: 10_000 });
  check(res.status === 200, () => `PUT /api/chirps/${id} {"text": ${JSON.stringify(text)}} on ${node.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)}. Read: ${LESSON}`);
  return res.json<Chirp>();
}

export async function remove(node: LearnerApp, id: number): Promise<void> {
  const res = await request(`${node.url}/api/chirps/${id}`, { method: 'DELETE', timeoutMs: 10_000 });
  check(res.status === 204, () => `DELETE /api/chirps/${id} on ${node.instanceId}: expected 204, got ${res.status} ${excerpt(res.text)}. Read: ${LESSON}`);
}

/** The chirp as `node` holds it, or undefined after a 404. */
export async function read(node: LearnerApp, id: number): Promise<Chirp | undefined> {
  const res = await request(`${node.url}/api/chirps/${id}`, { timeoutMs: 5000 });
  if (res.status === 404) return undefined;
  check(res.status === 200, () => `GET /api/chirps/${id} on ${node.instanceId}: expected 200 or 404, got ${res.status} ${excerpt(res.text)}`);
  return res.json<Chirp>();
}

/** Waits until `node` shows chirp `id` with `text` (undefined: until it is gone). */
export async function waitFor(node: LearnerApp, id: number, text: string | undefined, what: string): Promise<void> {
  await pollUntil(async () => (await read(node, id))?.text === text, { what: `${node.instanceId} to show ${what}`, timeoutMs: 10_000, intervalMs: 25 });
}

async function peerPosition(node: LearnerApp): Promise<number | undefined> {
  const res = await request(`${node.url}/healthz`, { timeoutMs: 5000 });
  const value = res.status === 200 ? res.json<{ peerPosition?: unknown }>().peerPosition : undefined;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Waits until each leader has applied every change of the other (its peerPosition is the
 * other's position) and both hold the same rows; then the pair has converged for good.
 */
export async function expectConverged(pair: LeaderPair, what: string): Promise<void> {
  let last = '';
  try {
    await pollUntil(
      async () => {
        const [sa, sb, pa, pb] = await Promise.all([checksum(pair.a), checksum(pair.b), peerPosition(pair.a), peerPosition(pair.b)]);
        last = `${pair.a.instanceId}: ${sa.rows} rows, sha256 ${sa.sha256.slice(0, 12)}, own position ${sa.position}, applied ${pb ?? '?'} of them on the other side; ${pair.b.instanceId}: ${sb.rows} rows, sha256 ${sb.sha256.slice(0, 12)}, own position ${sb.position}, applied ${pa ?? '?'} of them on the other side`;
        return pa === sb.position && pb === sa.position && sa.sha256 === sb.sha256;
      },
      { what, timeoutMs: 15_000, intervalMs: 50 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nLast seen: ${last}\nBoth leaders applied all of each other's changes and still hold different rows: your rule picks a different winner on each side. Each chirp must end as the write with the highest stamp left it, on both. Read: ${LESSON}`);
  }
}

/** Both leaders show chirp `id` as `text` (undefined: deleted on both). */
export async function expectBoth(pair: LeaderPair, id: number, text: string | undefined, why: string): Promise<void> {
  for (const node of [pair.a, pair.b]) {
    const chirp = await read(node, id);
    check(chirp?.text === text, () => `chirp ${id} on ${node.instanceId}: expected ${text === undefined ? 'it deleted (404)' : JSON.stringify(text)}, got ${chirp ? JSON.stringify(chirp.text) : 'a 404'}. ${why} Read: ${LESSON}`);
  }
}

/** Lets the wall clock move on, so that the next write is later in real time than the last one. */
export async function laterInRealTime(ms = 20): Promise<void> {
  const start = Date.now();
  await pollUntil(() => Date.now() - start >= ms, { what: `${ms} ms of wall-clock time`, timeoutMs: ms + 5000, intervalMs: 5 });
}
