// Provided · What the pull cache keeps for one stored response, and how many bytes it counts.

import type { Headers } from './http-util.ts';

export interface StoredResponse {
  /** The cache key: the request target (path and query) exactly as the client sent it. */
  url: string;
  status: number;
  /** The response's end-to-end headers, as the origin sent them (lower-case names). */
  headers: Headers;
  body: Buffer;
  /** When the request that fetched (or last revalidated) it was sent, and when its answer arrived (ms). */
  requestTime: number;
  responseTime: number;
  /** The request header names the response's Vary lists (lower case), in order; [] without Vary. */
  varyNames: string[];
  /** variantKey(varyNames, headers of the request that fetched it): which variant of the URL this is. */
  variantKey: string;
}

/**
 * The bytes an entry counts against EDGE_MAX_BYTES: its body, every stored header name and
 * value, its URL and its variant key, as UTF-8. (Node's own objects cost more; the bound is
 * about what we choose to keep, and this is a definition every implementation can share.)
 */
export function entryBytes(entry: StoredResponse): number {
  let bytes = entry.body.length + Buffer.byteLength(entry.url) + Buffer.byteLength(entry.variantKey);
  for (const [name, value] of Object.entries(entry.headers)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(Array.isArray(value) ? value.join(', ') : value);
  }
  return bytes;
}
