// T8 · Vary: one URL, several stored answers. The origin names the request headers its answer
// depends on; a stored answer is used only for requests that agree on all of them.
// Lesson: README.md, section "T8 · A shared cache that follows RFC 9111", "Vary".
import type { IncomingHttpHeaders } from 'node:http';
import type { Headers } from './http-util.ts';
import type { StoredResponse } from './stored.ts';

/** The request header names a response varies on, lower case, in order; '*' for Vary: * (never matches). */
export function varyNames(resHeaders: Headers): string[] | '*' {
  // TODO(T8): split Vary on commas, trim, lower-case; remember that "*" anywhere means '*'.
  void resHeaders;
  return [];
}

/**
 * The values of the varying request headers, normalised as RFC 9111 4.1 allows (repeated
 * fields combined, list members trimmed, Accept-Encoding lower-cased), as one string: two
 * requests select the same variant when their keys are equal.
 */
export function variantKey(names: readonly string[], reqHeaders: IncomingHttpHeaders): string {
  // TODO(T8): "gzip, br" and "gzip,br" must give the same key; a missing header is its own value.
  void names;
  void reqHeaders;
  return '';
}

/** Does the stored response match this request's varying headers (RFC 9111 4.1)? */
export function matchesRequest(entry: Pick<StoredResponse, 'varyNames' | 'variantKey'>, reqHeaders: IncomingHttpHeaders): boolean {
  // TODO(T8): compare the request's variant key with the one stored.
  void entry;
  void reqHeaders;
  return false;
}
