// Provided · the monitor program: it watches the nodes listed in NODES, runs failover when the
// leader is gone, serves what it knows at GET /monitor/state, and answers the other monitors'
// vote requests at POST /monitor/vote (T6). The loop is in monitor.ts; the parts you write are
// probe.ts and detector.ts (T1), succession.ts and failover.ts (T2), safety.ts (T5), votes.ts and
// election.ts (T6). Start it with `npm run monitor`.
// Lesson: README.md, sections "T1 · A failure detector" to "T6 · Monitors are not the new single point of failure".
import http from 'node:http';
import { loadOrExit } from '@scaling-lab/chirp';
import { BodyTooLargeError, readBody } from '@scaling-lab/forwarding';
import { loadConfig } from './config.ts';
import { Monitor } from './monitor.ts';
import { HttpNodeControl } from './node-client.ts';
import { HttpPeers, parseVoteRequest } from './peer-client.ts';
import { FileVoteStore } from './vote-store.ts';

/** A vote request is a few dozen bytes; anything much larger is not one. */
const MAX_VOTE_BYTES = 4096;

const config = loadOrExit('monitor', () => loadConfig());
// A promote or follow command may take longer than a probe (the node writes its new epoch to
// disk), but never so long that a dead node holds up the next round for seconds.
const control = new HttpNodeControl(Math.max(1000, 2 * config.probeTimeoutMs));
// A peer that cannot answer within a probe timeout counts as a missing vote.
const peers = new HttpPeers(config.probeTimeoutMs);
const monitor = loadOrExit('monitor', () => new Monitor(config, control, peers, new FileVoteStore(config.dataDir)));

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

async function answerVote(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, MAX_VOTE_BYTES)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: `a vote request is at most ${MAX_VOTE_BYTES} bytes` });
    return sendJson(res, 400, { error: 'the body must be JSON: {"epoch": n, "candidate": "<MONITOR_ID>", "leader": "<origin>" | null}' });
  }
  const request = parseVoteRequest(body);
  if (typeof request === 'string') return sendJson(res, 400, { error: request });
  sendJson(res, 200, monitor.vote(request));
}

const routes: Record<string, { method: string; handle: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void> }> = {
  '/monitor/state': { method: 'GET', handle: (_req, res) => sendJson(res, 200, monitor.state()) },
  '/monitor/vote': { method: 'POST', handle: answerVote },
};

const server = http.createServer(async (req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
  if (!route) return sendJson(res, 404, { error: `no route ${req.method} ${path}; try GET /monitor/state` });
  const allowed = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
  if (!allowed.includes(req.method ?? '')) {
    res.setHeader('allow', allowed.join(', '));
    return sendJson(res, 405, { error: `${req.method} is not allowed on ${path}` });
  }
  try {
    await route.handle(req, res);
  } catch (error) {
    // Only a bug in a part you write (the detector, the failover state, the voter) or a failed
    // save of a vote lands here: no vote was given.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`monitor: ${req.method} ${path} failed: ${message}`);
    if (!res.headersSent) sendJson(res, 500, { error: message });
  }
});

server.on('error', (error) => {
  console.error(`monitor: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  console.log(
    `${config.monitorId} listening on http://${config.host}:${config.port}: watching ${config.nodes.join(', ')} ` +
      `(probe every ${config.probeIntervalMs} ms, timeout ${config.probeTimeoutMs} ms, suspect after ${config.failureTimeoutMs} ms)` +
      (config.peers.length ? `; peers ${config.peers.join(', ')}` : '; no peers: it promotes alone'),
  );
  monitor.start();
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    monitor.stop();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
