// T4 and T5 · The request path: writes to the leader; reads to a follower that qualifies
// (waiting a bounded time for one to reach the client's token), else to the leader; a read
// that fails on a follower is tried once more on the leader.
// Lesson: README.md, sections "T4 · A read/write router" and "T5 · Read-your-writes and monotonic reads".
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouterConfig } from './config.ts';
import { forward, type ForwardOutcome } from './forward.ts';
import { BodyTooLargeError, readBody, sendJson } from './http-util.ts';
import type { Cluster, NodeState } from './nodes.ts';
import type { ReadRouter } from './routing.ts';

export interface HandlerDeps {
  config: RouterConfig;
  cluster: Cluster;
  reads: ReadRouter;
  agent: http.Agent;
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { config, cluster, reads, agent } = deps;
  void reads;

  const attempt = async (req: IncomingMessage, res: ServerResponse, body: Buffer, node: NodeState): Promise<ForwardOutcome> => {
    node.requests++;
    const outcome = await forward({ req, res, body, node, agent, timeoutMs: config.requestTimeoutMs });
    if (outcome.kind === 'failed') node.failures++;
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

    // TODO(T4): writes (isWrite) go to the leader, once. Reads go to reads.pick(), else to the
    // leader; a read that fails on a follower is tried once more on the leader.
    // TODO(T5): a read with an X-Chirp-Min-Position header (parseMinPosition; 400 when it is
    // malformed) goes only to a follower known to be at or past it; when none is, wait up to
    // config.readWaitMs for one (poll reads.pick(token) every few ms while reads.mayCatchUp()),
    // then use the leader.
    const outcome = await attempt(req, res, body, cluster.leader);

    if (outcome.kind !== 'failed' || res.headersSent || res.destroyed) return;
    const status = outcome.code === 'TIMEOUT' ? 504 : 502;
    sendJson(res, status, { error: `bad gateway: the leader ${cluster.leader.url} did not answer (${outcome.code})` });
  };
}
