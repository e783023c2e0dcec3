// T4 · The request path: every request goes to the leader the router believes in
// (tracker.current()). Writes carry that leader's epoch, stamped by the router. A write that
// certainly did not happen is sent once more after a fresh look at the nodes (refresh()); one
// that may have happened never is.
// Lesson: README.md, section "T4 · The entry point follows the leader".
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, forward, type ForwardOutcome, readBody, relay, sendJson } from '@scaling-lab/forwarding';
import type { RouterConfig } from './config.ts';
import type { Leader, LeaderTracker } from './leader.ts';

export interface HandlerDeps {
  config: RouterConfig;
  tracker: LeaderTracker;
  /** Probes every node now; resolves once each has answered or timed out. */
  refresh: () => Promise<void>;
  agent: http.Agent;
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { config, tracker, refresh, agent } = deps;
  void refresh;

  const attempt = (req: IncomingMessage, res: ServerResponse, body: Buffer, leader: Leader): Promise<ForwardOutcome> =>
    // TODO(T4): for writes (POST, PUT, PATCH, DELETE), set X-Chirp-Epoch to leader.epoch with
    // `requestHeaders` (it replaces the client's value), and `hold` the answers 307, 409 and 503
    // so that they are not sent to the client yet. Tell the tracker the epochs in the answer
    // (X-Chirp-Epoch, and a 409's body `epoch`).
    forward({ req, res, body, node: leader, agent, timeoutMs: config.requestTimeoutMs });

  return async (req, res) => {
    let body: Buffer;
    try {
      body = await readBody(req, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
      return; // The client went away while sending.
    }

    const leader = tracker.current();
    if (!leader) return sendJson(res, 503, { error: 'no leader is known right now; try again shortly' });
    const outcome = await attempt(req, res, body, leader);

    // TODO(T4): when a write certainly did not happen (refused connection: requestSent false; a
    // held 307, 409, or 503 whose body says leader: null), or a read failed, `await refresh()`
    // and try once more at tracker.current() (503 if there is none). Never send again a write
    // that may have happened (a timeout or a reset after sending). Pass a held answer you do not
    // retry to the client with relay(res, outcome).
    if (outcome.kind === 'held') return relay(res, outcome);
    if (outcome.kind !== 'failed' || res.headersSent || res.destroyed) return;
    sendJson(res, outcome.code === 'TIMEOUT' ? 504 : 502, { error: `bad gateway: the leader did not answer (${outcome.code})` });
  };
}
