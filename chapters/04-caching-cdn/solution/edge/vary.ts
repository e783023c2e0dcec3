// T8 · Vary: one URL, several stored answers. The origin names the request headers its answer
// depends on; a stored answer is used only for requests that agree on all of them.
// Lesson: README.md, section "T8 · A shared cache that follows RFC 9111", "Vary".
import type { IncomingHttpHeaders } from 'node:http';
import { type Headers, headerText } from './http-util.ts';
import type { StoredResponse } from './stored.ts';

/**
 * The request header names a response varies on, lower case, in order; '*' for Vary: *
 * (such a response never matches a later request, so it is not worth storing).
 */
export function varyNames(resHeaders: Headers): string[] | '*' {
  const names = headerText(resHeaders, 'vary')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.includes('*')) return '*';
  return [...new Set(names)];
}

/**
 * The values of the varying request headers, normalised as RFC 9111 4.1 allows: repeated
 * fields combined, list members trimmed, and Accept-Encoding (whose tokens are case-
 * insensitive) lower-cased. Two requests select the same variant when their keys are equal.
 */
export function variantKey(names: readonly string[], reqHeaders: IncomingHttpHeaders): string {
  return names
    .map((name) => {
      const members = headerText(reqHeaders, name)
        .split(',')
        .map((member) => member.trim())
        .filter(Boolean)
        .join(',');
      return `${name}=${name === 'accept-encoding' ? members.toLowerCase() : members}`;
    })
    .join('\n');
}

/** Does the stored response match this request's varying headers (RFC 9111 4.1)? */
export function matchesRequest(entry: Pick<StoredResponse, 'varyNames' | 'variantKey'>, reqHeaders: IncomingHttpHeaders): boolean {
  return variantKey(entry.varyNames, reqHeaders) === entry.variantKey;
}
