// T8 and T9 · Every request that is not for the edge's own APIs: answer it from the store when
// RFC 9111 allows, otherwise ask the origin (once per URL however many clients are waiting),
// store what may be stored, and pass everything else through. Unsafe methods: unsafe.ts.
// This starting version is a plain reverse proxy: every request goes to the origin.
// Lesson: README.md, sections "T8 · A shared cache that follows RFC 9111" and
// "T9 · Stale content, collapsed forwarding and purge".
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CacheStore } from './cache-store.ts';
import type { EdgeConfig } from './config.ts';
import { describeError, endToEnd, sendJson } from './http-util.ts';
import { askOrigin, type OriginAnswer, passThrough } from './origin.ts';
import { forwardUnsafe } from './unsafe.ts';

export interface HandlerDeps {
  config: EdgeConfig;
  store: CacheStore;
  agent: http.Agent;
}

/** The X-Cache header of every answer: see the lesson for exactly when each one is sent. */
export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'REVALIDATED';

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { config, store, agent } = deps;
  void store;
  // TODO(T9): collapsed forwarding: a Map from URL to the origin trip in progress for it, so
  // that concurrent misses wait for that trip (and look in the store again) instead of asking too.

  return async (req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return forwardUnsafe(req, res, deps);
    // TODO(T8): look for a stored variant (store.find with matchesRequest from vary.ts) and
    // answer it while fresh (X-Cache: HIT, with Age, 304 when clientHasCurrent). A stale one is
    // revalidated with If-None-Match / If-Modified-Since: a 304 refreshes it (REVALIDATED), a
    // 200 replaces it. Fetch with GET, without the client's own conditional headers, read the
    // body with readUpTo() and store what isStorable() allows (MISS).
    // TODO(T9): stale-while-revalidate (answer STALE, one background refresh per URL) and
    // stale-if-error (answer STALE when the origin fails within the window).
    let answer: OriginAnswer;
    try {
      answer = await askOrigin(config.originUrl, agent, config.originTimeoutMs, {
        method,
        path: req.url ?? '/',
        headers: endToEnd(req.headers),
      });
    } catch (error) {
      return sendJson(res, 502, { error: describeError(error) }, { 'x-cache': 'MISS' });
    }
    passThrough(res, answer, { ...endToEnd(answer.headers), 'x-cache': 'MISS' }, Buffer.alloc(0), method !== 'HEAD');
  };
}
