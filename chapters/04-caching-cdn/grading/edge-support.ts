// Helpers for chapter 04's edge suites (T8-T10): a fake origin behind the learner's edge, one
// distinct path per test, and assertions that name what a cache should have done.
import type http from 'node:http';
import {
  type Behaviour, check, excerpt, FakeBackend, type HttpResponse, type LearnerApp, request, seeded, startLearnerApp,
} from '@scaling-lab/grader/harness';

/** The operator token every suite edge is started with. */
export const TOKEN = 'lab-operator-token-7f3a9c1e5b';

export interface EdgeSetup {
  origin: FakeBackend;
  edge: LearnerApp;
}

/** A fake origin and the learner's edge in front of it (ORIGIN_TIMEOUT_MS short, so failures are quick). */
export async function startEdge(env: Record<string, string> = {}): Promise<EdgeSetup> {
  const origin = await FakeBackend.start('origin');
  const edge = await startLearnerApp({
    entry: 'edge',
    name: 'your edge',
    env: { ORIGIN_URL: origin.url, EDGE_TOKEN: TOKEN, ORIGIN_TIMEOUT_MS: '3000', ...env },
  });
  return { origin, edge };
}

/** A path no other test uses, e.g. "/t8/ages-k3x9q1": tests share one edge and one origin. */
export function uniquePath(label: string): string {
  return `/${label}-${seeded(label).string('abcdefghijklmnopqrstuvwxyz0123456789', 8)}`;
}

/** Sets how the origin answers on exactly this path (and its query strings). */
export function onPath(origin: FakeBackend, path: string, behaviour: Omit<Behaviour, 'path'>): Promise<void> {
  return origin.behave({ path, ...behaviour });
}

export function get(edge: LearnerApp, path: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET', timeoutMs = 8000): Promise<HttpResponse> {
  return request(`${edge.url}${path}`, { method, headers, timeoutMs });
}

/** The edge's X-Cache value, upper case ("" when missing). */
export function cacheStatus(res: HttpResponse): string {
  return String(res.headers['x-cache'] ?? '').trim().toUpperCase();
}

/** How many requests for exactly this URL (path and query) reached the origin, optionally of one method. */
export function originCount(origin: FakeBackend, url: string, method?: string): Promise<number> {
  return origin.count(url, method);
}

export function expectCacheStatus(res: HttpResponse, expected: string | readonly string[], action: string): void {
  const allowed = typeof expected === 'string' ? [expected] : expected;
  const got = cacheStatus(res);
  check(allowed.includes(got), () => `${action}: expected X-Cache: ${allowed.join(' or ')}, got ${got ? `X-Cache: ${got}` : 'no X-Cache header'} (status ${res.status}, Age ${res.headers.age ?? 'absent'}, body ${excerpt(res.text, 120)})`);
}

export async function expectOriginCount(origin: FakeBackend, url: string, expected: number, why: string, method?: string): Promise<void> {
  const got = await originCount(origin, url, method);
  check(got === expected, () => `${why}: expected the origin to receive ${expected} ${method ?? ''} request(s) for ${url}, it received ${got}`);
}

/** The JSON echo of the fake origin: which request it answered, and how many full answers the path has had. */
export interface Echo {
  url: string;
  method: string;
  headers: Record<string, string>;
  served: number;
}

export function echoOf(res: HttpResponse, action: string): Echo {
  try {
    const echo = JSON.parse(res.text) as Echo;
    if (typeof echo.served === 'number') return echo;
  } catch {
    // reported below
  }
  throw new Error(`${action}: expected the origin's answer passed on unchanged (a JSON echo), got status ${res.status} with ${excerpt(res.text, 160)}`);
}

/** The origin's full-answer counter as seen through the edge: 1 is the first copy, 2 a refreshed one. */
export function servedOf(res: HttpResponse, action: string): number {
  return echoOf(res, action).served;
}

/** A date `offsetMs` from now, in HTTP format. */
export function httpDate(offsetMs: number): string {
  return new Date(Date.now() + offsetMs).toUTCString();
}
