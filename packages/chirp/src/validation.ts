// Turn untrusted input into typed values, or a 400 that says which
// field is wrong and why. Nothing here trusts a type the client claims.
import { badRequest } from './http-errors.ts';
import type { ListQuery, NewChirp } from './types.ts';

const AUTHOR = /^[a-z0-9_]{1,32}$/;
const MAX_TEXT = 280;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseNewChirp(body: unknown): NewChirp {
  if (!isPlainObject(body)) throw badRequest('the body must be a JSON object like {"author": "...", "text": "..."}');
  const unknown = Object.keys(body).filter((key) => key !== 'author' && key !== 'text');
  // Rejecting unknown fields catches typos ("txt") instead of silently dropping them.
  if (unknown.length > 0) throw badRequest(`unknown field(s): ${unknown.join(', ')}`);
  const { author, text } = body;
  if (typeof author !== 'string' || !AUTHOR.test(author)) {
    throw badRequest('author must be a string of 1-32 lowercase letters, digits or "_"');
  }
  // Count code points, not UTF-16 units: an emoji is one character to the person typing it.
  if (typeof text !== 'string' || [...text].length < 1 || [...text].length > MAX_TEXT) {
    throw badRequest(`text must be a string of 1-${MAX_TEXT} characters`);
  }
  return { author, text };
}

/** A chirp id from a URL: a positive whole number, or undefined when it cannot be one. */
export function parseId(raw: string): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(raw)) return undefined;
  return Number(raw);
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const unknown = Object.keys(query).filter((key) => !['author', 'limit', 'before'].includes(key));
  if (unknown.length > 0) throw badRequest(`unknown query parameter(s): ${unknown.join(', ')}`);
  const { author, limit, before } = query;
  const result: ListQuery = { limit: DEFAULT_LIMIT };
  if (author !== undefined) {
    if (typeof author !== 'string' || !AUTHOR.test(author)) throw badRequest('author must be 1-32 lowercase letters, digits or "_"');
    result.author = author;
  }
  if (limit !== undefined) {
    const n = typeof limit === 'string' && /^\d+$/.test(limit) ? Number(limit) : NaN;
    if (!(n >= 1 && n <= MAX_LIMIT)) throw badRequest(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
    result.limit = n;
  }
  if (before !== undefined) {
    const id = typeof before === 'string' ? parseId(before) : undefined;
    if (id === undefined) throw badRequest('before must be a cursor from a previous page (nextCursor)');
    result.beforeId = id;
  }
  return result;
}
