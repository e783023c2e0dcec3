// T6 · Compression at the edge. Gzip a response on its way to the client when the client
// accepts gzip (Accept-Encoding), the type is text-like and the body is worth it; never
// compress what is already encoded, and tell caches the answer depends on Accept-Encoding.
// Lesson: README.md, section "T6 · Compression".
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';

/** Below this many bytes (when Content-Length says so), compression is not worth it. */
export const MIN_BYTES = 1024;

/** True when an Accept-Encoding header allows gzip ("gzip", "x-gzip" or "*", q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  // TODO(T6): split on ",", read each token and its optional ";q=" weight.
  void header;
  return false;
}

/**
 * Decides whether this response is gzipped on its way to the client. When it is, adjust
 * `headers` and return the stream that compresses (zlib.createGzip() with
 * { flush: zlib.constants.Z_SYNC_FLUSH }, so a streamed body keeps streaming); otherwise
 * return undefined and the body passes through untouched.
 */
export function compressionFor(req: IncomingMessage, status: number, headers: OutgoingHttpHeaders): Transform | undefined {
  // TODO(T6): for a compressible Content-Type (text/*, JSON, JavaScript, XML, SVG) add
  // Accept-Encoding to Vary (next to the backend's own entries); then gzip when the client
  // accepts it, the response has a body, no Content-Encoding yet, no Cache-Control:
  // no-transform, and is not smaller than MIN_BYTES. A gzipped response has Content-Encoding:
  // gzip, no Content-Length (its length is not known in advance) and a weak ETag (W/"...").
  void req;
  void status;
  void headers;
  void zlib;
  return undefined;
}
