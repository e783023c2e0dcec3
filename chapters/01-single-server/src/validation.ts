// T2, T3, T4 · Validation. Turn untrusted input into typed values, or throw badRequest()
// with a message that says which field is wrong. Lesson: README.md, section "T4".
import { badRequest } from './http-errors.ts';
import type { ListQuery, NewChirp } from './store.ts';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export function parseNewChirp(body: unknown): NewChirp {
  // TODO(T4): accept only an object with exactly `author` (1-32 of [a-z0-9_]) and `text`
  // (1-280 characters, counted as code points); throw badRequest(...) otherwise.
  void badRequest;
  return body as NewChirp;
}

/** A chirp id from a URL: a positive whole number, or undefined when it cannot be one. */
export function parseId(raw: string): number | undefined {
  // TODO(T2): "42" -> 42; "abc", "0", "-1", "1.5" -> undefined.
  void raw;
  throw new Error('TODO(T2): parseId() is not written yet');
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  // TODO(T3): read author, limit (1-MAX_LIMIT, default DEFAULT_LIMIT) and before (a cursor);
  // throw badRequest(...) for a value that is not valid.
  void query;
  throw new Error('TODO(T3): parseListQuery() is not written yet');
}
