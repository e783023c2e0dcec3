// T4 (and the request path of T2, T5, T7) · Every request picks a backend and is forwarded;
// an attempt that fails in a way that is safe to repeat is tried again on another backend.
// Lesson: README.md, sections "T4 · Passive failure handling" and "T5 · Session affinity".
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../lib/http-json.ts';
import type { BalancerConfig } from './config.ts';
import { forward, type ForwardOutcome } from './forward.ts';
import type { Policy } from './policies.ts';
import type { Pool } from './pool.ts';
import { isStatsRequest, statsBody } from './stats.ts';
import type { StickyCookie } from './sticky-cookie.ts';

export interface HandlerDeps {
  config: BalancerConfig;
  pool: Pool;
  policy: Policy;
  /** Present when STICKY_COOKIE is set. */
  sticky: StickyCookie | undefined;
  agent: http.Agent;
}

/** May a request that failed like this be sent again, to another backend? */
export function mayRetry(method: string, failure: Extract<ForwardOutcome, { kind: 'failed' }>): boolean {
  // TODO(T4): yes when the request cannot have reached the backend (`failure.requestSent` is
  // false); otherwise only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE). Never POST.
  void method;
  void failure;
  return false;
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { config, pool, policy, agent } = deps;

  return async (req, res) => {
    if (isStatsRequest(req)) return sendJson(res, 200, statsBody(pool, policy.name));

    let body: Buffer;
    try {
      body = await readBody(req, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
      return; // The client went away while sending.
    }

    const candidates = pool.healthy();
    if (candidates.length === 0) return sendJson(res, 503, { error: 'no healthy backend to send the request to' });
    // TODO(T5): the key is the `config.hashHeader` request header, else the client's address.
    // TODO(T5): with `deps.sticky`, a request whose cookie names a candidate goes there, and
    // an answer from a backend the client is not pinned to carries a Set-Cookie (extraHeaders).
    const backend = policy.pick(candidates, { key: '' });

    // TODO(T2): count the request in `backend.inFlight` while it runs (least connections reads it).
    // TODO(T7): count it in `backend.requests`, and a failed attempt in `backend.failures`.
    const outcome = await forward({ req, res, body, backend, agent, timeoutMs: config.proxyTimeoutMs });

    // TODO(T4): when the attempt failed and mayRetry() allows it, try another healthy backend
    // that this request has not tried yet, until one answers or none is left.
    if (outcome.kind === 'failed' && !res.headersSent) {
      sendJson(res, outcome.code === 'TIMEOUT' ? 504 : 502, { error: `bad gateway: ${backend.url} failed (${outcome.code})` });
    }
  };
}
