// T9 · The purge API: an operator holding EDGE_TOKEN removes every stored variant of one URL.
//   POST /_edge/purge   Authorization: Bearer <EDGE_TOKEN>   {"url": "/path?query"}
//   -> 200 {"purged": <variants removed>} | 400 bad body | 401 no or wrong token | 403 no EDGE_TOKEN set
// Lesson: README.md, section "T9 · Stale content, collapsed forwarding and purge".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CacheStore } from './cache-store.ts';
import { BodyTooLargeError, hasBearer, readBody, sendJson } from './http-util.ts';

const MAX_URL = 8192;

export async function handlePurge(req: IncomingMessage, res: ServerResponse, store: CacheStore, token: string | undefined): Promise<void> {
  if (token === undefined) return sendJson(res, 403, { error: 'purging is turned off: start the edge with EDGE_TOKEN set' });
  // Check the token before reading anything else: a caller without it learns nothing.
  if (!hasBearer(req, token)) {
    return sendJson(res, 401, { error: 'purging needs Authorization: Bearer <EDGE_TOKEN>' }, { 'www-authenticate': 'Bearer realm="edge"' });
  }
  let url: unknown;
  try {
    url = (JSON.parse((await readBody(req, 16 * 1024)).toString('utf8')) as { url?: unknown } | null)?.url;
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
    return sendJson(res, 400, { error: 'the body must be JSON like {"url": "/path?query"}' });
  }
  if (typeof url !== 'string' || !url.startsWith('/') || url.length > MAX_URL) {
    return sendJson(res, 400, { error: `"url" must be a path starting with "/" (at most ${MAX_URL} characters), like {"url": "/path?query"}` });
  }
  // The cache key is the request target exactly as clients send it, so purge that same text.
  sendJson(res, 200, { purged: store.purge(url) });
}
