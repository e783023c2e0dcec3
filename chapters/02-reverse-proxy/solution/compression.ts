// Reference for T6: gzip at the edge. Text shrinks four to ten times, so slow client links
// finish sooner, while the backend keeps talking plain bytes to us over the fast local link.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';

/** Text-like types compress well; images, video and archives are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|x-ndjson|[\w.+-]+\+(json|xml))|image\/svg\+xml)/i;

/** Below this, the gzip header and CPU cost more than they save. */
export const MIN_BYTES = 1024;

/** True when Accept-Encoding allows gzip: "gzip", "x-gzip" or "*", with a q-value above 0. */
export function acceptsGzip(header: string | undefined): boolean {
  for (const part of (header ?? '').split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (['gzip', 'x-gzip', '*'].includes(token.trim()) && (q === undefined || Number(q.slice(2)) > 0)) return true;
  }
  return false;
}

function appendVary(headers: OutgoingHttpHeaders, name: string): void {
  const current = String(headers.vary ?? '');
  if (current.split(',').some((v) => ['*', name.toLowerCase()].includes(v.trim().toLowerCase()))) return;
  headers.vary = current ? `${current}, ${name}` : name;
}

/**
 * Decides whether this response is gzipped on its way to the client. When it is, `headers` are
 * adjusted and the returned stream does the work; otherwise the body passes through untouched.
 */
export function compressionFor(req: IncomingMessage, status: number, headers: OutgoingHttpHeaders): Transform | undefined {
  const type = String(headers['content-type'] ?? '');
  if (!COMPRESSIBLE.test(type)) return undefined;
  // The answer depends on Accept-Encoding: any cache in between must store both forms apart.
  appendVary(headers, 'Accept-Encoding');
  if (req.method === 'HEAD' || status < 200 || status === 204 || status === 304) return undefined;
  // Already encoded by the backend: a second gzip would need two decodes and save nothing.
  const encoding = String(headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') return undefined;
  if (/\bno-transform\b/i.test(String(headers['cache-control'] ?? ''))) return undefined;
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  if (length !== undefined && length < MIN_BYTES) return undefined;
  if (!acceptsGzip(req.headers['accept-encoding'])) return undefined;

  headers['content-encoding'] = 'gzip';
  // The compressed length is unknown until the end: the body goes out chunked.
  delete headers['content-length'];
  // A strong ETag names exact bytes; the gzipped bytes differ, so it can only be a weak match.
  const etag = headers.etag;
  if (typeof etag === 'string' && !etag.startsWith('W/')) headers.etag = `W/${etag}`;
  // Sync-flush after each piece: a streamed response keeps streaming instead of waiting in
  // zlib's buffer; a one-piece JSON answer compresses exactly as well.
  return zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH });
}
