// Reference for T4 and T5 · The request path: writes to the leader; reads to a follower that
// qualifies (waiting a bounded time for one to reach the client's token), else to the leader;
// a read that fails on a follower is tried once more on the leader.
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RouterConfig } from './config.ts';
import { forward, type ForwardOutcome } from './forward.ts';
import { BodyTooLargeError, readBody, sendJson } from './http-util.ts';
import type { Cluster, NodeState } from './nodes.ts';
import { isWrite, MIN_POSITION_HEADER, parseMinPosition, type ReadRouter } from './routing.ts';

export interface HandlerDeps {
  config: RouterConfig;
  cluster: Cluster;
  reads: ReadRouter;
  agent: http.Agent;
}

/**
 * T5 · A follower known to be at or past `minPosition`, waiting up to `waitMs` for the health
 * checker to see one get there. The wait polls the router's own knowledge, which the checker
 * refreshes every HEALTH_INTERVAL_MS: it costs no request to anyone.
 */
async function followerAtLeast(reads: ReadRouter, minPosition: number, waitMs: number, stepMs: number): Promise<NodeState | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const follower = reads.pick(minPosition);
    if (follower || !reads.mayCatchUp() || Date.now() >= deadline) return follower;
    await sleep(Math.min(stepMs, Math.max(1, deadline - Date.now())));
  }
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { config, cluster, reads, agent } = deps;
  // Polling our own memory is cheap, but there is no point looking more often than it changes.
  const stepMs = Math.max(5, Math.min(50, Math.floor(config.healthIntervalMs / 2)));

  const attempt = async (req: IncomingMessage, res: ServerResponse, body: Buffer, node: NodeState): Promise<ForwardOutcome> => {
    node.requests++;
    const outcome = await forward({ req, res, body, node, agent, timeoutMs: config.requestTimeoutMs });
    if (outcome.kind === 'failed') {
      node.failures++;
      console.warn(`router: ${req.method} ${req.url?.slice(0, 100)} to ${node.role} ${node.url} failed (${outcome.code})`);
    }
    return outcome;
  };

  return async (req, res) => {
    if (req.method === 'GET' && req.url === '/__router/nodes') return sendJson(res, 200, cluster.describe());

    let body: Buffer;
    try {
      body = await readBody(req, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
      return; // The client went away while sending.
    }

    let outcome: ForwardOutcome;
    if (isWrite(req.method)) {
      // T4 · One leader, no retry: a write that may have reached it must not be sent twice.
      outcome = await attempt(req, res, body, cluster.leader);
    } else {
      const token = parseMinPosition(req.headers[MIN_POSITION_HEADER]);
      if (typeof token === 'object') return sendJson(res, 400, { error: token.error });
      // T5 · With a token, only a follower known to have reached it; wait a bounded time for one.
      const follower = token === undefined ? reads.pick() : await followerAtLeast(reads, token, config.readWaitMs, stepMs);
      outcome = await attempt(req, res, body, follower ?? cluster.leader);
      // T4 · A read is safe to repeat: a follower that failed it hands it to the leader.
      if (outcome.kind === 'failed' && follower && !res.headersSent) outcome = await attempt(req, res, body, cluster.leader);
    }

    if (outcome.kind !== 'failed' || res.headersSent || res.destroyed) return;
    const status = outcome.code === 'TIMEOUT' ? 504 : 502;
    sendJson(res, status, { error: `bad gateway: the leader ${cluster.leader.url} did not answer (${outcome.code})` });
  };
}
