// Helpers for the app's tasks (T4-T7): the learner's Chirp app started beside the harness's
// fake cache (never the learner's own cache server: a bug there must not cost these tasks),
// and what /healthz says about the database and the cache.
import { check, excerpt, FakeCache, type HttpResponse, type LearnerApp, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/harness';

export interface Chirp {
  id: number;
  author: string;
  text: string;
  createdAt: string;
}

export interface Health {
  cache?: { status?: unknown };
  db?: { gets: number; lists: number; creates: number; deletes: number };
}

export interface Stack {
  app: LearnerApp;
  cache: FakeCache;
}

/** The learner's app with a fake cache; a short TTL and timeout unless a test says otherwise. */
export async function startStack(env: Record<string, string> = {}, name = 'your app'): Promise<Stack> {
  const cache = await FakeCache.start();
  const app = await startLearnerApp({ name, env: { CACHE_URL: cache.url, CACHE_TTL_SECONDS: '30', CACHE_TIMEOUT_MS: '150', ...env } });
  return { app, cache };
}

export async function health(app: LearnerApp): Promise<Health> {
  const res = await request(`${app.url}/healthz`);
  check(res.status === 200, () => `GET /healthz: expected 200, got ${res.status} ${excerpt(res.text)}`);
  return res.json<Health>();
}

/** The database counters of /healthz (provided code): how many reads reached SQLite. */
export async function dbCounters(app: LearnerApp): Promise<NonNullable<Health['db']>> {
  const { db } = await health(app);
  check(db && typeof db.gets === 'number', 'GET /healthz: expected the provided "db" counters (keep main.ts as given)');
  return db;
}

export async function createChirp(app: LearnerApp, author: string, text: string): Promise<Chirp> {
  const res = await request(`${app.url}/api/chirps`, { method: 'POST', body: { author, text } });
  check(res.status === 201, () => `POST /api/chirps {author: "${author}"}: expected 201, got ${res.status} ${excerpt(res.text)}`);
  return res.json<Chirp>();
}

export async function getJson<T>(app: LearnerApp, path: string, expected = 200): Promise<T> {
  const res = await request(`${app.url}${path}`);
  check(res.status === expected, () => `GET ${path}: expected ${expected}, got ${res.status} ${excerpt(res.text)}`);
  return res.json<T>();
}

export const ids = (chirps: readonly Chirp[]): string => `[${chirps.map((c) => c.id).join(', ')}]`;

/** The Cache-Control directives of an answer, lower-cased: {"max-age": "60", public: ""}. */
export function directives(res: HttpResponse): Record<string, string> {
  const header = res.headers['cache-control'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [name, value = ''] = part.trim().split('=');
    if (name) out[name.toLowerCase()] = value.replace(/^"|"$/g, '');
  }
  return out;
}

/**
 * Reads `path` until the cache has been sent a SET whose value holds `text`: the app has
 * connected to the cache (it may start before the connection is up) and fills on a miss.
 */
export async function waitForFill(stack: Stack, path: string, text: string): Promise<void> {
  await pollUntil(async () => {
    await request(`${stack.app.url}${path}`);
    const commands = await stack.cache.commands();
    return commands.some((c) => c.args[0]?.toUpperCase() === 'SET' && c.args.slice(2).some((a) => a.includes(text)));
  }, { what: `GET ${path} to fill the cache (a SET whose value holds ${JSON.stringify(text)}): cache-aside stores what it read from SQLite`, timeoutMs: 8000, intervalMs: 100 });
}
