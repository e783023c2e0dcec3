// T8 · Unsafe methods (POST, PUT, DELETE, PATCH...) are never answered from the store: they
// go to the origin, and when the origin says they worked, every stored copy they may have made
// stale is removed (RFC 9111 4.4).
// Lesson: README.md, section "T8 · A shared cache that follows RFC 9111", "Unsafe methods".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandlerDeps } from './handler.ts';
import { describeError, endToEnd, headerText, sendJson } from './http-util.ts';
import { askOrigin, type OriginAnswer, passThrough } from './origin.ts';

/** POST, PUT, DELETE...: straight to the origin; a success makes stored copies of the URL stale (RFC 9111 4.4). */
export async function forwardUnsafe(req: IncomingMessage, res: ServerResponse, deps: HandlerDeps): Promise<void> {
  const { config, store, agent } = deps;
  const url = req.url ?? '/';
  let answer: OriginAnswer;
  try {
    answer = await askOrigin(config.originUrl, agent, config.originTimeoutMs, { method: req.method ?? 'POST', path: url, headers: { ...endToEnd(req.headers), via: '1.1 scaling-lab-edge' }, body: req });
  } catch (error) {
    return sendJson(res, 502, { error: describeError(error) }, { 'x-cache': 'MISS' });
  }
  if (answer.status >= 200 && answer.status < 400 && !['OPTIONS', 'TRACE'].includes(req.method ?? '')) {
    store.purge(url);
    for (const name of ['location', 'content-location']) {
      const target = sameOriginTarget(headerText(answer.headers, name), url, req, config.originUrl);
      if (target) store.purge(target);
    }
  }
  passThrough(res, answer, { ...endToEnd(answer.headers), 'x-cache': 'MISS' }, Buffer.alloc(0), true);
}

/** A Location / Content-Location on the same origin as the request, as a path and query; else undefined. */
function sameOriginTarget(value: string, url: string, req: IncomingMessage, originUrl: string): string | undefined {
  if (value === '') return undefined;
  try {
    const base = new URL(url, originUrl);
    const target = new URL(value, base);
    const edge = req.headers.host ? `http://${req.headers.host}` : undefined;
    return target.origin === base.origin || target.origin === edge ? target.pathname + target.search : undefined;
  } catch {
    return undefined;
  }
}
