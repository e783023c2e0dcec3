// T8 · The rules of a shared cache (RFC 9111), as pure functions of headers and clocks: may this
// response be stored, how long is it fresh, how old is it now, which variant is it, and does
// the client already hold it. The handler (handler.ts) applies them to real requests.
// Lesson: README.md, section "T8 · A shared cache that follows RFC 9111".
import type { IncomingHttpHeaders } from 'node:http';
import { type Headers, headerText } from './http-util.ts';
import type { StoredResponse } from './stored.ts';

/** Directive name (lower case) -> its argument, or true for a directive without one. */
export type Directives = Map<string, string | true>;

/** RFC 9111 1.2.2: a delta-seconds too large to represent counts as 2^31. */
const MAX_SECONDS = 2_147_483_648;

/**
 * Parses Cache-Control. Names are case-insensitive; arguments may be tokens or quoted strings
 * (RFC 9111 5.2: accept both); unknown directives are kept and ignored by the callers; when a
 * directive repeats, its first occurrence wins (RFC 9111 4.2.1 allows that or "stale").
 */
export function parseCacheControl(value: string | string[] | undefined): Directives {
  const directives: Directives = new Map();
  for (const part of splitOutsideQuotes(Array.isArray(value) ? value.join(',') : (value ?? ''))) {
    const equals = part.indexOf('=');
    const name = (equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase();
    if (name === '' || directives.has(name)) continue;
    const raw = equals < 0 ? undefined : part.slice(equals + 1).trim();
    directives.set(name, raw === undefined ? true : raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
  }
  return directives;
}

/** "a, b=\"x, y\", c" -> ["a", " b=\"x, y\"", " c"]: commas inside quoted strings do not split. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && quoted) i++;
    else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * A directive's delta-seconds: undefined when absent; 0 when present but invalid ("-1", "5s",
 * no argument), because RFC 9111 4.2.1 advises treating invalid freshness as stale.
 */
export function seconds(directives: Directives, name: string): number | undefined {
  const argument = directives.get(name);
  if (argument === undefined) return undefined;
  if (argument === true || !/^\d+$/.test(argument)) return 0;
  return Math.min(Number(argument), MAX_SECONDS);
}

/** Statuses a cache may store without explicit freshness (RFC 9110 15.1), minus 206 (no ranges here). */
const HEURISTIC_STATUSES = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]);

/** RFC 9111 3: may a shared cache store this response to a GET? */
export function isStorable(reqHeaders: IncomingHttpHeaders, status: number, resHeaders: Headers): boolean {
  const request = parseCacheControl(reqHeaders['cache-control']);
  const response = parseCacheControl(resHeaders['cache-control']);
  if (request.has('no-store') || response.has('no-store') || response.has('private')) return false;
  if (status < 200 || status === 206 || status === 304) return false;
  // A request with credentials: only a response that says a shared cache may keep it (3.5).
  if (reqHeaders.authorization !== undefined && !response.has('public') && !response.has('s-maxage') && !response.has('must-revalidate')) return false;
  const explicit = response.has('s-maxage') || response.has('max-age') || resHeaders.expires !== undefined;
  if (explicit || response.has('public')) return true;
  // No explicit freshness and no heuristics: keep a response of a heuristically cacheable status
  // only when it has a validator, so each later use costs a cheap 304 instead of a full body.
  const validator = resHeaders.etag !== undefined || resHeaders['last-modified'] !== undefined;
  return HEURISTIC_STATUSES.has(status) && validator;
}

/** An HTTP date in ms, or undefined when it does not parse. */
function httpDate(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** RFC 9111 4.2.1: seconds the response stays fresh, from s-maxage, max-age or Expires - Date. */
export function freshnessLifetime(entry: Pick<StoredResponse, 'headers' | 'responseTime'>): number {
  const directives = parseCacheControl(entry.headers['cache-control']);
  const shared = seconds(directives, 's-maxage');
  if (shared !== undefined) return shared;
  const maxAge = seconds(directives, 'max-age');
  if (maxAge !== undefined) return maxAge;
  if (entry.headers.expires !== undefined) {
    const expires = httpDate(entry.headers.expires);
    if (expires === undefined) return 0; // An invalid Expires, such as "0", means already expired.
    const date = httpDate(entry.headers.date) ?? entry.responseTime;
    return Math.max(0, Math.floor((expires - date) / 1000));
  }
  return 0; // No heuristic freshness: see the lesson.
}

/**
 * RFC 9111 4.2.3: the response's current age in ms. The origin's Age header and the time the
 * answer took are its age on arrival (or, when larger, the distance from its Date); the time
 * spent here since then is added. Date has whole seconds, so the apparent age is whole seconds.
 */
export function currentAge(entry: Pick<StoredResponse, 'headers' | 'requestTime' | 'responseTime'>, now: number): number {
  const ageValue = Number(headerText(entry.headers, 'age').split(',')[0]);
  const ageHeader = Number.isFinite(ageValue) && ageValue > 0 ? Math.min(ageValue, MAX_SECONDS) * 1000 : 0;
  const date = httpDate(entry.headers.date);
  const apparentAge = date === undefined ? 0 : Math.max(0, Math.floor(entry.responseTime / 1000) * 1000 - date);
  const correctedAge = ageHeader + (entry.responseTime - entry.requestTime);
  return Math.max(apparentAge, correctedAge) + (now - entry.responseTime);
}

/** Does the client ask to skip stored copies (request no-cache, max-age=0, or Pragma: no-cache)? */
export function clientWantsValidation(reqHeaders: IncomingHttpHeaders): boolean {
  if (reqHeaders['cache-control'] === undefined) return /\bno-cache\b/i.test(headerText(reqHeaders, 'pragma'));
  const directives = parseCacheControl(reqHeaders['cache-control']);
  return directives.has('no-cache') || seconds(directives, 'max-age') === 0;
}

/** RFC 9110 8.8.3.2: weak comparison, ignoring a W/ prefix. */
function sameTag(a: string, b: string): boolean {
  return a.trim().replace(/^W\//, '') === b.trim().replace(/^W\//, '');
}

/**
 * Has the client already got this stored response (RFC 9110 13.1)? If-None-Match is compared
 * with the ETag; without If-None-Match, If-Modified-Since with Last-Modified. Then the edge may
 * answer 304 instead of sending the body again.
 */
export function clientHasCurrent(reqHeaders: IncomingHttpHeaders, entry: Pick<StoredResponse, 'status' | 'headers'>): boolean {
  if (entry.status !== 200) return false;
  const inm = reqHeaders['if-none-match'];
  if (inm !== undefined) {
    const etag = headerText(entry.headers, 'etag');
    if (etag === '') return false;
    return inm.trim() === '*' || inm.split(',').some((tag) => sameTag(tag, etag));
  }
  const since = httpDate(reqHeaders['if-modified-since']);
  const modified = httpDate(entry.headers['last-modified']);
  return since !== undefined && modified !== undefined && modified <= since;
}

/** May a stale copy ever be served without validating it first? Not after must-revalidate, proxy-revalidate, s-maxage or no-cache. */
export function mayServeStale(entry: Pick<StoredResponse, 'headers'>): boolean {
  const directives = parseCacheControl(entry.headers['cache-control']);
  return !['must-revalidate', 'proxy-revalidate', 's-maxage', 'no-cache'].some((name) => directives.has(name));
}
