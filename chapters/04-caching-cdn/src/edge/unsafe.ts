// T8 · Unsafe methods (POST, PUT, DELETE, PATCH...) are never answered from the store: they
// go to the origin, and when the origin says they worked, every stored copy they may have made
// stale is removed (RFC 9111 4.4). This starting version passes them through and removes nothing.
// Lesson: README.md, section "T8 · A shared cache that follows RFC 9111", "Unsafe methods".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandlerDeps } from './handler.ts';
import { describeError, endToEnd, sendJson } from './http-util.ts';
import { askOrigin, type OriginAnswer, passThrough } from './origin.ts';

/** POST, PUT, DELETE...: straight to the origin, body streamed, answer streamed back, nothing stored. */
export async function forwardUnsafe(req: IncomingMessage, res: ServerResponse, deps: HandlerDeps): Promise<void> {
  const { config, agent } = deps;
  const url = req.url ?? '/';
  let answer: OriginAnswer;
  try {
    answer = await askOrigin(config.originUrl, agent, config.originTimeoutMs, { method: req.method ?? 'POST', path: url, headers: endToEnd(req.headers), body: req });
  } catch (error) {
    return sendJson(res, 502, { error: describeError(error) }, { 'x-cache': 'MISS' });
  }
  // TODO(T8): when the origin answers 2xx or 3xx (to anything but OPTIONS or TRACE), purge the URL
  // from deps.store, and the Location and Content-Location URLs when they are on the same origin
  // (a relative URL, or an absolute one naming the origin or this edge's Host).
  passThrough(res, answer, { ...endToEnd(answer.headers), 'x-cache': 'MISS' }, Buffer.alloc(0), true);
}
