// Reference for T7: HTTP caching by the app. Every answer gets a Cache-Control chosen by the
// kind of route; every 200 to a GET gets a strong ETag (a hash of its exact bytes) and, when
// the app knows it, a Last-Modified; a client whose copy is still current gets 304, no body.
import { createHash } from 'node:crypto';
import { encodeBody, type Reply, type Respond, type RouteKind, sendPlain } from '@scaling-lab/chirp';
import type { Request } from 'express';

/** Who may keep an answer, and for how long. */
export const CACHE_POLICY: Record<RouteKind, string> = {
  // A hashed name changes whenever the bytes do: keep it a year, never revalidate.
  asset: 'public, max-age=31536000, immutable',
  // The page names the current assets, so every use checks it is still current (cheap: 304).
  page: 'no-cache',
  // A chirp never changes; it can only be deleted, and a minute of that is acceptable.
  chirp: 'public, max-age=60',
  // Timelines change with every chirp: a few seconds still absorbs a burst of readers.
  timeline: 'public, max-age=5',
  // Live state, the answer to one client's write, and errors: nobody keeps these.
  health: 'no-store',
  write: 'no-store',
  error: 'no-store',
};

/** A strong validator: equal ETags promise byte-for-byte equal bodies. */
export function strongEtag(bytes: Buffer): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}

/** The opaque tags of an If-None-Match list; W/ is dropped (it uses the weak comparison). */
function listedTags(header: string): string[] {
  return [...header.matchAll(/(?:W\/)?("[^"]*")/g)].map((match) => match[1]!);
}

/** RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since only without it. */
export function isNotModified(req: Request, etag: string, lastModified: Date | undefined): boolean {
  const ifNoneMatch = req.get('if-none-match');
  if (ifNoneMatch !== undefined) return ifNoneMatch.trim() === '*' || listedTags(ifNoneMatch).includes(etag);
  const ifModifiedSince = req.get('if-modified-since');
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // An unparseable date is ignored. HTTP dates have whole seconds: compare at that precision,
  // or a chirp created at 09:00:00.250 would look newer than its own Last-Modified.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

export const respondWithCaching: Respond = (req, res, reply: Reply) => {
  res.setHeader('Cache-Control', CACHE_POLICY[reply.route]);
  const encoded = encodeBody(reply);
  const validatable = reply.status === 200 && encoded !== undefined && (req.method === 'GET' || req.method === 'HEAD');
  if (validatable) {
    const etag = strongEtag(encoded.bytes);
    res.setHeader('ETag', etag);
    if (reply.lastModified) res.setHeader('Last-Modified', reply.lastModified.toUTCString());
    if (isNotModified(req, etag, reply.lastModified)) {
      // 304 carries the validators and Cache-Control again, but no body and no Content-Type.
      res.statusCode = 304;
      res.end();
      return;
    }
  }
  sendPlain(req, res, reply);
};
