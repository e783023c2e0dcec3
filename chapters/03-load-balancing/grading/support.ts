// Helpers for chapter 03's hidden suite: fake backends behind the learner's balancer, bulk
// requests, and who answered what. Built on the course harness.
import http from 'node:http';
import {
  check,
  excerpt,
  FakeBackend,
  type HttpResponse,
  type LearnerApp,
  LabFailure,
  request,
  RequestFailure,
  startLearnerApp,
} from '@scaling-lab/grader/harness';

export const HEALTH_PATH = '/healthz';

/** Starts one fake backend per id, in parallel. */
export function startBackends(ids: readonly string[]): Promise<FakeBackend[]> {
  return Promise.all(ids.map((id) => FakeBackend.start(id)));
}

/** The BACKENDS value for these fakes, with optional weights ("url*3"). */
export function backendList(fakes: readonly FakeBackend[], weights?: readonly number[]): string {
  return fakes.map((fake, i) => (weights ? `${fake.url}*${weights[i]}` : fake.url)).join(',');
}

/**
 * Starts the learner's balancer. Active health checks are off unless a test turns them on, so
 * that a test of spreading or retrying sees only the behaviour it is about.
 */
export function startBalancer(env: Record<string, string>, name = 'your balancer'): Promise<LearnerApp> {
  return startLearnerApp({ name, env: { HEALTH_INTERVAL_MS: '0', ...env } });
}

/** Which fake answered: its id from the JSON echo, or undefined when the body is not one. */
export function answeredBy(res: HttpResponse): string | undefined {
  try {
    const body = JSON.parse(res.text) as { backend?: unknown };
    return typeof body.backend === 'string' ? body.backend : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who answered, in words: the fake's id, or what came back instead of a fake's 200, so that a
 * message never puts "200" where it means "not a backend's answer".
 */
export function answerOf(res: HttpResponse): string {
  const backend = answeredBy(res);
  if (res.status !== 200) return `status ${res.status} with body ${excerpt(res.text, 120)}`;
  return backend ?? `status 200 with a body that is not a backend's answer (it must pass through unchanged): ${excerpt(res.text, 120)}`;
}

/** GET through the balancer, expecting 200 from one of the fakes; returns that fake's id. */
export async function getVia(lb: { url: string }, path: string, options: { headers?: http.OutgoingHttpHeaders; agent?: http.Agent; timeoutMs?: number } = {}): Promise<string> {
  const res = await request(`${lb.url}${path}`, options);
  check(res.status === 200, () => `GET ${path} through the balancer: expected status 200, got ${res.status} with body ${excerpt(res.text)}`);
  const id = answeredBy(res);
  check(id !== undefined, () => `GET ${path} through the balancer: expected the backend's answer to pass through unchanged, got ${excerpt(res.text)}`);
  return id;
}

export interface Outcome {
  path: string;
  status: number | 'error';
  backend?: string;
  /** What was wrong with it, when it is not a 200 from a fake: the body, or the request's failure. */
  error?: string;
}

/**
 * Sends one GET per path with `concurrency` requests at a time, and never throws: each request
 * yields an outcome. `afterEach` runs after every completed request (to act mid-load).
 */
export async function sendMany(
  lb: { url: string },
  paths: readonly string[],
  options: { concurrency?: number; headers?: (path: string) => http.OutgoingHttpHeaders; agent?: http.Agent; timeoutMs?: number; afterEach?: (done: number) => void } = {},
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(paths.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < paths.length) {
      const index = next++;
      const path = paths[index]!;
      try {
        const res = await request(`${lb.url}${path}`, { headers: options.headers?.(path), agent: options.agent, timeoutMs: options.timeoutMs ?? 10_000 });
        const backend = answeredBy(res);
        const wrong = res.status !== 200 || backend === undefined;
        outcomes[index] = { path, status: res.status, backend, ...(wrong ? { error: excerpt(res.text, 120) } : {}) };
      } catch (error) {
        if (!(error instanceof RequestFailure)) throw error;
        outcomes[index] = { path, status: 'error', error: error.message };
      }
      options.afterEach?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, paths.length) }, worker));
  return outcomes;
}

/** What was wrong with an answer that is not a 200 from a fake, in words; like faults group together. */
function faultOf(outcome: Outcome): string {
  if (outcome.status === 'error') return 'got no HTTP answer';
  if (outcome.status !== 200) return `got status ${outcome.status}`;
  return "got status 200 with a body that is not a backend's answer (it must pass through unchanged)";
}

/**
 * Fails unless every outcome is a 200 from a fake, saying what was wrong with the others: how
 * many of each kind of fault, each with its first example.
 */
export function expectAllAnswered(outcomes: readonly Outcome[], what: string): void {
  const failed = outcomes.filter((o) => o.status !== 200 || o.backend === undefined);
  if (failed.length === 0) return;
  const byFault = new Map<string, Outcome[]>();
  for (const outcome of failed) byFault.set(faultOf(outcome), [...(byFault.get(faultOf(outcome)) ?? []), outcome]);
  const faults = [...byFault]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([fault, some]) => `${some.length} ${fault}, e.g. ${some[0]!.path}: ${some[0]!.error ?? '(no body)'}`)
    .join('; ');
  throw new LabFailure(`${what}: expected every request to be answered 200 by a backend; ${failed.length} of ${outcomes.length} were not: ${faults}`);
}

/** How many answers each fake gave, by id, in the order of `fakes`. */
export function tally(outcomes: readonly Outcome[], fakes: readonly FakeBackend[]): Record<string, number> {
  const counts = Object.fromEntries(fakes.map((fake) => [fake.id, 0]));
  for (const outcome of outcomes) if (outcome.backend !== undefined && outcome.backend in counts) counts[outcome.backend]!++;
  return counts;
}

/** How many requests each fake recorded whose path starts with `prefix`, by id. */
export async function recordedCounts(fakes: readonly FakeBackend[], prefix: string): Promise<Record<string, number>> {
  const logs = await Promise.all(fakes.map((fake) => fake.requests()));
  return Object.fromEntries(fakes.map((fake, i) => [fake.id, logs[i]!.filter((r) => r.url.startsWith(prefix)).length]));
}

export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts).map(([id, n]) => `${id}: ${n}`).join(', ');
}

export const paths = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}/${i}`);

/** A keep-alive agent for bulk loads; destroy it in a finally block. */
export const keepAliveAgent = (sockets: number): http.Agent => new http.Agent({ keepAlive: true, maxSockets: sockets });
