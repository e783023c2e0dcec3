// Helpers for the node's hidden tests (T1-T3, T6, T7): the learner's own nodes as real
// processes, a leader and followers, each with its own SQLite file, compared through the
// provided GET /replication/checksum. Waits poll with deadlines; nothing sleeps to synchronise.
import { check, excerpt, type LearnerApp, pollUntil, request, type Random, startLearnerApp } from '@scaling-lab/grader/harness';

/** Where a T1 failure sends the learner. */
export const T1_LESSON = 'README.md, "T1 · A replication log"';

export interface Chirp {
  id: number;
  author: string;
  text: string;
  createdAt: string;
}

export type Entry = { seq: number; op: 'create'; chirp: Chirp; at: number } | { seq: number; op: 'delete'; id: number; at: number };

export interface Checksum {
  position: number;
  rows: number;
  sha256: string;
}

export interface NodeHealth {
  role?: unknown;
  position?: unknown;
  leader?: unknown;
  lag?: { entries?: unknown; ms?: unknown };
}

export interface StartOptions {
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
  id?: string;
}

export function startLeader(options: StartOptions = {}): Promise<LearnerApp> {
  const id = options.id ?? 'leader';
  return startLearnerApp({ name: `your leader ${id}`, instanceId: id, dataDir: options.dataDir, port: options.port, env: { ROLE: 'leader', NODE_ID: id, ...options.env } });
}

/** A follower of `leaderUrl` (the leader's own URL or a fault proxy's), long-polling for 300 ms. */
export function startFollower(leaderUrl: string, options: StartOptions = {}): Promise<LearnerApp> {
  const id = options.id ?? 'follower';
  return startLearnerApp({
    name: `your follower ${id}`,
    instanceId: id,
    dataDir: options.dataDir,
    port: options.port,
    env: { ROLE: 'follower', LEADER_URL: leaderUrl, NODE_ID: id, FETCH_WAIT_MS: '300', ...options.env },
  });
}

export async function createChirp(node: LearnerApp, author: string, text: string): Promise<{ chirp: Chirp; position: number }> {
  const res = await request(`${node.url}/api/chirps`, { method: 'POST', body: { author, text }, timeoutMs: 10_000 });
  check(res.status === 201, () => `POST /api/chirps on the leader: expected 201, got ${res.status} ${excerpt(res.text)}`);
  return { chirp: res.json<Chirp>(), position: Number(res.headers['x-chirp-position']) };
}

export async function deleteChirp(node: LearnerApp, id: number): Promise<number> {
  const res = await request(`${node.url}/api/chirps/${id}`, { method: 'DELETE', timeoutMs: 10_000 });
  check(res.status === 204, () => `DELETE /api/chirps/${id} on the leader: expected 204, got ${res.status} ${excerpt(res.text)}`);
  return Number(res.headers['x-chirp-position']);
}

export async function checksum(node: LearnerApp): Promise<Checksum> {
  const res = await request(`${node.url}/replication/checksum`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /replication/checksum on ${node.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)} (provided code: keep replication-api.ts as given)`);
  return res.json<Checksum>();
}

export async function health(node: LearnerApp): Promise<NodeHealth> {
  const res = await request(`${node.url}/healthz`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /healthz on ${node.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)}`);
  return res.json<NodeHealth>();
}

/**
 * Waits until every follower holds the leader's rows (same checksum of every row). With
 * `positions`, their positions must match the leader's too (T2 checks that; other tasks compare
 * content only, so that they do not depend on how T2 stores its position).
 */
export async function expectConverged(leader: LearnerApp, followers: readonly LearnerApp[], what: string, options: { timeoutMs?: number; positions?: boolean } = {}): Promise<Checksum> {
  let last = '';
  try {
    return await pollUntil(
      async () => {
        const target = await checksum(leader);
        const states = await Promise.all(followers.map((f) => checksum(f)));
        last = `leader ${fmt(target)}; ${followers.map((f, i) => `${f.instanceId} ${fmt(states[i]!)}`).join('; ')}`;
        const same = states.every((s) => s.sha256 === target.sha256 && s.rows === target.rows && (!options.positions || s.position === target.position));
        return same && target;
      },
      { what, timeoutMs: options.timeoutMs ?? 15_000, intervalMs: 100 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nLast seen: ${last}\nA follower must fetch from its position + 1, apply every entry once and in order, and keep going after any fault.`);
  }
}

const fmt = (c: Checksum) => `position ${c.position}, ${c.rows} rows, sha256 ${c.sha256.slice(0, 12)}`;

/** Every chirp a node holds, by id, read through the Chirp API's pages. */
export async function allChirps(node: LearnerApp): Promise<Map<number, Chirp>> {
  const out = new Map<number, Chirp>();
  let before: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const res = await request(`${node.url}/api/chirps?limit=100${before ? `&before=${before}` : ''}`, { timeoutMs: 5000 });
    check(res.status === 200, () => `GET /api/chirps on ${node.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)}`);
    const body = res.json<{ chirps: Chirp[]; nextCursor: string | null }>();
    for (const chirp of body.chirps) out.set(chirp.id, chirp);
    before = body.nextCursor;
    if (!before) break;
  }
  return out;
}

/** The whole log from `from`, following the answers' batches. */
export async function readLog(node: LearnerApp, from = 1): Promise<{ entries: Entry[]; position: number }> {
  const entries: Entry[] = [];
  let next = from;
  let position = 0;
  for (let batch = 0; batch < 1000; batch++) {
    const res = await request(`${node.url}/replication/log?from=${next}&wait=0`, { timeoutMs: 5000 });
    check(res.status === 200, () => `GET /replication/log?from=${next}: expected 200 {entries, position}, got ${res.status} ${excerpt(res.text)}`);
    const body = res.json<{ entries: Entry[]; position: number }>();
    check(Array.isArray(body.entries) && typeof body.position === 'number', () => `GET /replication/log?from=${next}: expected {"entries": [...], "position": n}, got ${excerpt(res.text)}`);
    position = body.position;
    if (body.entries.length === 0) break;
    entries.push(...body.entries);
    next = body.entries.at(-1)!.seq + 1;
  }
  return { entries, position };
}

/**
 * Writes from `clients` concurrent clients until stop() is called: creates, and deletes of the
 * client's own earlier chirps. Records what was acknowledged.
 */
export function writeLoad(leader: LearnerApp, random: Random, clients = 4, author = 'load') {
  let stopped = false;
  const acknowledged = new Map<number, Chirp>();
  const deleted = new Set<number>();
  const attemptedDeletes = new Set<number>();
  let count = 0;
  const runs = Array.from({ length: clients }, async (_, c) => {
    const mine: number[] = [];
    const r = random.fork(`client ${c}`);
    while (!stopped) {
      try {
        if (mine.length > 3 && r.next() < 0.25) {
          const id = mine.splice(r.int(0, mine.length - 1), 1)[0]!;
          attemptedDeletes.add(id);
          const res = await request(`${leader.url}/api/chirps/${id}`, { method: 'DELETE', timeoutMs: 5000 });
          if (res.status === 204) deleted.add(id);
        } else {
          const res = await request(`${leader.url}/api/chirps`, { method: 'POST', body: { author, text: `c${c} ${r.string('abcdefgh "\'<>&é', 10)}` }, timeoutMs: 5000 });
          if (res.status === 201) {
            const chirp = res.json<Chirp>();
            acknowledged.set(chirp.id, chirp);
            mine.push(chirp.id);
          }
        }
        count++;
      } catch {
        // The leader was killed mid-request: the outcome is unknown, and that is allowed.
        if (stopped) return;
      }
    }
  });
  return {
    acknowledged,
    deleted,
    attemptedDeletes,
    get count() {
      return count;
    },
    async stop() {
      stopped = true;
      await Promise.all(runs);
    },
  };
}
