// Reference for T4 (and the request path of T1, T2, T5, T7): every request picks a backend,
// is forwarded, and on a failure that is safe to repeat is tried again on another backend.
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../lib/http-json.ts';
import type { BalancerConfig } from './config.ts';
import { forward, type ForwardOutcome } from './forward.ts';
import type { Policy } from './policies.ts';
import type { Backend, Pool } from './pool.ts';
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

/**
 * Methods that mean the same thing when repeated (RFC 9110, 9.2.2). A GET that may or may not
 * have reached a dead backend can be sent again; a POST cannot: the first copy may already have
 * created a chirp, and a second would create another.
 */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

export function mayRetry(method: string, failure: Extract<ForwardOutcome, { kind: 'failed' }>): boolean {
  // A refused connection carried nothing: repeating it is safe whatever the method.
  if (!failure.requestSent) return true;
  return IDEMPOTENT.has(method);
}

/** The key for consistent hashing: the configured header, else the client's address. */
function affinityKey(req: IncomingMessage, header: string): string {
  const value = req.headers[header];
  const text = Array.isArray(value) ? value[0] : value;
  return text || req.socket.remoteAddress || '';
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { config, pool, policy, sticky, agent } = deps;

  return async (req, res) => {
    if (isStatsRequest(req)) return sendJson(res, 200, statsBody(pool, policy.name));

    let body: Buffer;
    try {
      body = await readBody(req, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
      return; // The client went away while sending.
    }

    const method = req.method ?? 'GET';
    const key = affinityKey(req, config.hashHeader);
    const tried = new Set<Backend>();
    let lastFailure: Extract<ForwardOutcome, { kind: 'failed' }> | undefined;

    // Each backend is tried at most once per request, so the loop ends.
    for (;;) {
      const candidates = pool.healthy().filter((backend) => !tried.has(backend));
      if (candidates.length === 0) break;
      const backend = sticky?.pinned(req, candidates) ?? policy.pick(candidates, { key });
      tried.add(backend);
      const cookie = sticky?.setCookieFor(req, backend);

      backend.inFlight++;
      backend.requests++;
      let outcome: ForwardOutcome;
      try {
        outcome = await forward({ req, res, body, backend, agent, timeoutMs: config.proxyTimeoutMs, extraHeaders: cookie ? { 'set-cookie': cookie } : {} });
      } finally {
        backend.inFlight--;
      }
      if (outcome.kind !== 'failed') return;

      backend.failures++;
      lastFailure = outcome;
      console.warn(`balancer: ${method} ${req.url} to ${backend.url} failed (${outcome.code})`);
      if (!mayRetry(method, outcome)) break;
    }

    if (res.headersSent || res.destroyed) return;
    if (tried.size === 0) return sendJson(res, 503, { error: 'no healthy backend to send the request to' });
    const status = lastFailure?.code === 'TIMEOUT' ? 504 : 502;
    const what = mayRetry(method, lastFailure!) ? `all ${tried.size} backend(s) tried failed` : `${method} is not retried once it may have reached a backend`;
    sendJson(res, status, { error: `bad gateway: ${what} (last error: ${lastFailure?.code})` });
  };
}
