// Chirp-specific helpers for chapter 01's hidden suite, built on the course harness.
import {
  check,
  excerpt,
  expectJson,
  expectStatus,
  type HttpResponse,
  LabFailure,
  type LearnerApp,
  type LearnerAppOptions,
  type Random,
  request,
  startLearnerApp,
} from '@scaling-lab/grader/harness';

export interface Chirp {
  id: number;
  author: string;
  text: string;
  createdAt: string;
}

export interface Page {
  chirps: Chirp[];
  nextCursor: string | null;
}

export const startChirp = (options: LearnerAppOptions = {}): Promise<LearnerApp> => startLearnerApp(options);

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const WORDS = ['proxy', 'cache', 'leader', 'replica', 'latency', 'shard', 'queue', 'edge', 'quorum', 'epoch', 'heartbeat', 'failover'];

export function randomAuthor(rng: Random): string {
  return `${rng.string(LETTERS, rng.int(3, 8))}_${rng.int(1, 999)}`;
}

export function randomText(rng: Random): string {
  const words = Array.from({ length: rng.int(2, 10) }, () => rng.pick(WORDS));
  return `${words.join(' ')} #${rng.int(1, 1e6)}`;
}

/** Checks the shape every chirp in a response must have. */
export function checkChirpShape(value: unknown, action: string): Chirp {
  const chirp = value as Partial<Chirp> | null;
  check(chirp && typeof chirp === 'object', `${action}: expected a chirp object, got ${JSON.stringify(value)}`);
  check(Number.isInteger(chirp.id) && chirp.id! > 0, `${action}: "id" must be a positive whole number, got ${JSON.stringify(chirp.id)}`);
  check(typeof chirp.author === 'string', `${action}: "author" must be a string, got ${JSON.stringify(chirp.author)}`);
  check(typeof chirp.text === 'string', `${action}: "text" must be a string, got ${JSON.stringify(chirp.text)}`);
  check(
    typeof chirp.createdAt === 'string' && !Number.isNaN(Date.parse(chirp.createdAt)) && /^\d{4}-\d\d-\d\dT/.test(chirp.createdAt),
    `${action}: "createdAt" must be an ISO 8601 time like "2026-11-23T09:00:00.000Z", got ${JSON.stringify(chirp.createdAt)}`,
  );
  return chirp as Chirp;
}

export async function createChirp(app: { url: string }, input: { author: string; text: string }): Promise<Chirp> {
  const action = `POST /api/chirps ${JSON.stringify(input).slice(0, 80)}`;
  const res = await request(`${app.url}/api/chirps`, { method: 'POST', body: input });
  expectStatus(res, 201, action);
  const chirp = checkChirpShape(expectJson(res, action), action);
  check(chirp.author === input.author && chirp.text === input.text, `${action}: the answer must echo author and text, got ${JSON.stringify(chirp)}`);
  return chirp;
}

export async function getPage(app: { url: string }, query: string): Promise<Page> {
  const action = `GET /api/chirps${query}`;
  const res = await request(`${app.url}/api/chirps${query}`);
  expectStatus(res, 200, action);
  const page = expectJson<Page>(res, action);
  check(Array.isArray(page?.chirps), `${action}: expected {"chirps": [...], "nextCursor": ...}, got ${JSON.stringify(page).slice(0, 200)}`);
  check(page.nextCursor === null || typeof page.nextCursor === 'string', `${action}: "nextCursor" must be a string or null, got ${JSON.stringify(page.nextCursor)}`);
  page.chirps.forEach((c, i) => checkChirpShape(c, `${action}, chirps[${i}]`));
  return page;
}

/** Follows nextCursor from the first page to the last; `between` runs after each page. */
export async function walkPages(app: { url: string }, params: Record<string, string>, between?: (pageIndex: number) => Promise<void>): Promise<Chirp[]> {
  const seen: Chirp[] = [];
  let cursor: string | null = null;
  for (let pageIndex = 0; pageIndex < 200; pageIndex++) {
    const query = new URLSearchParams(params);
    if (cursor !== null) query.set('before', cursor);
    const page = await getPage(app, `?${query}`);
    seen.push(...page.chirps);
    if (page.nextCursor === null) return seen;
    check(page.chirps.length > 0, `GET /api/chirps?${query}: a page with a nextCursor must not be empty`);
    cursor = page.nextCursor;
    await between?.(pageIndex);
  }
  throw new LabFailure('GET /api/chirps: after 200 pages nextCursor was still not null; the last page must have "nextCursor": null');
}

/**
 * Signs that a response leaks the server's insides: a stack frame, a file path, the name of an
 * exception (JavaScript's, the body parser's, SQLite's), or the database schema.
 */
const LEAKS = [
  /\bat \S+ \(?\/?[^\s)]*:\d+:\d+\)?/,
  /node_modules/,
  /\/src\/[\w-]+\.ts/,
  /\b(TypeError|ReferenceError|SyntaxError|RangeError|PayloadTooLargeError|UnsupportedMediaTypeError|SqliteError)\b/,
  /\bCREATE\s+(TABLE|INDEX)\b/i,
];

/** Fails when the response carries any of LEAKS (README.md, "The Chirp API": no stack trace ever). */
export function checkNoLeak(res: HttpResponse, action: string): void {
  const leak = LEAKS.find((pattern) => pattern.test(res.text));
  check(
    !leak,
    () => `${action}: expected a short error for the client and nothing about the server's code, got a response that reveals its internals (matched ${leak}): ${excerpt(res.text)}. Read README.md, "The Chirp API" (errors) and "T4 · Validation and JSON errors"`,
  );
}
