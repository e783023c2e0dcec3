// T8 · The rules of a shared cache (RFC 9111), as pure functions of headers and clocks: may this
// response be stored, how long is it fresh, how old is it now, and does the client already
// hold it. (Which variant a request selects is in vary.ts.) The handler (handler.ts) applies them to real requests.
// Lesson: README.md, section "T8 · A shared cache that follows RFC 9111".
import type { IncomingHttpHeaders } from 'node:http';
import type { Headers } from './http-util.ts';
import type { StoredResponse } from './stored.ts';

/** Directive name (lower case) -> its argument, or true for a directive without one. */
export type Directives = Map<string, string | true>;

/**
 * Parses Cache-Control, e.g. 'max-age=60, Public, foo="a, b"' -> {max-age: "60", public: true,
 * foo: "a, b"}. Names are case-insensitive; arguments may be tokens or quoted strings; when a
 * directive repeats, keep its first occurrence. Repeated header fields arrive as an array.
 */
export function parseCacheControl(value: string | string[] | undefined): Directives {
  // TODO(T8): split on commas outside quoted strings, lower-case the names, unquote the arguments.
  void value;
  return new Map();
}

/**
 * A directive's delta-seconds: undefined when absent; 0 when present but invalid ("-1", "5s",
 * no argument: RFC 9111 4.2.1 advises treating invalid freshness as stale); values above
 * 2147483648 count as 2147483648 (RFC 9111 1.2.2).
 */
export function seconds(directives: Directives, name: string): number | undefined {
  // TODO(T8): read a whole number of seconds from the directive's argument.
  void directives;
  void name;
  return undefined;
}

/**
 * RFC 9111 3: may a shared cache store this response to a GET? Never with no-store (request or
 * response) or private; never a 206 or 304; a request with Authorization only when the answer
 * says public, s-maxage or must-revalidate. Explicit freshness (s-maxage, max-age, Expires) or
 * public makes any other status storable; without them, only a heuristically cacheable status
 * (200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501) that has an ETag or Last-Modified.
 */
export function isStorable(reqHeaders: IncomingHttpHeaders, status: number, resHeaders: Headers): boolean {
  // TODO(T8): apply the rules above.
  void reqHeaders;
  void status;
  void resHeaders;
  return false;
}

/** RFC 9111 4.2.1: seconds the response stays fresh: s-maxage, else max-age, else Expires - Date (0 without any). */
export function freshnessLifetime(entry: Pick<StoredResponse, 'headers' | 'responseTime'>): number {
  // TODO(T8): an Expires that does not parse (like "0") means already expired; without a Date, use responseTime.
  void entry;
  return 0;
}

/**
 * RFC 9111 4.2.3: the response's current age in ms: its age on arrival (the origin's Age header
 * plus the time the answer took, or its distance from Date when that is larger; Date has whole
 * seconds) plus the time it has spent here since responseTime.
 */
export function currentAge(entry: Pick<StoredResponse, 'headers' | 'requestTime' | 'responseTime'>, now: number): number {
  // TODO(T8): do not forget the origin's Age header: a CDN tier in front of yours may have held the copy already.
  void entry;
  void now;
  return 0;
}

/** Does the client ask to skip stored copies (request no-cache, max-age=0, or Pragma: no-cache)? */
export function clientWantsValidation(reqHeaders: IncomingHttpHeaders): boolean {
  // TODO(T8): read the request's Cache-Control (and Pragma when there is no Cache-Control).
  void reqHeaders;
  return false;
}

/**
 * Has the client already got this stored 200 (RFC 9110 13.1)? If-None-Match against the ETag
 * (weak comparison, "*" matches any); without If-None-Match, If-Modified-Since against
 * Last-Modified. Then the edge answers 304 instead of sending the body again.
 */
export function clientHasCurrent(reqHeaders: IncomingHttpHeaders, entry: Pick<StoredResponse, 'status' | 'headers'>): boolean {
  // TODO(T8): W/"a" and "a" compare equal here.
  void reqHeaders;
  void entry;
  return false;
}

/** May a stale copy ever be served without validating it first? Not after must-revalidate, proxy-revalidate, s-maxage or no-cache. */
export function mayServeStale(entry: Pick<StoredResponse, 'headers'>): boolean {
  // TODO(T9): stale-while-revalidate and stale-if-error never override these directives.
  void entry;
  return false;
}
