// Assertions that speak to a learner: each failure names the request, what was expected and
// what came back, with the body excerpted.
import type { HttpResponse } from './http-client.ts';
import { excerpt, LabFailure } from './failure.ts';

/** Throws a LabFailure with `message` unless `condition` holds. */
export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new LabFailure(typeof message === 'function' ? message() : message);
}

export function expectStatus(res: HttpResponse, expected: number | readonly number[], action: string): void {
  const allowed = typeof expected === 'number' ? [expected] : expected;
  if (allowed.includes(res.status)) return;
  const want = allowed.length === 1 ? String(allowed[0]) : `one of ${allowed.join(', ')}`;
  throw new LabFailure(`${action}: expected status ${want}, got ${res.status} with body ${excerpt(res.text)}`);
}

/** The JSON body, after checking the Content-Type says JSON. */
export function expectJson<T = unknown>(res: HttpResponse, action: string): T {
  const type = String(res.headers['content-type'] ?? '');
  check(/^application\/(.+\+)?json\b/i.test(type), () => `${action}: expected a JSON response (Content-Type: application/json), got Content-Type "${type || '(none)'}" with body ${excerpt(res.text)}`);
  return res.json<T>();
}

/** A JSON error body: `{ "error": "<non-empty message>" }`. */
export function expectJsonError(res: HttpResponse, status: number | readonly number[], action: string): string {
  expectStatus(res, status, action);
  const body = expectJson<{ error?: unknown }>(res, action);
  check(typeof body?.error === 'string' && body.error.trim() !== '', () => `${action}: expected a body like {"error": "<what went wrong>"}, got ${excerpt(res.text)}`);
  return body.error as string;
}

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, () => `${what}: expected ${excerpt(e, 400)}, got ${excerpt(a ?? 'undefined', 400)}`);
}
