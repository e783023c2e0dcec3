// Provided · the router program: the one address clients use, in front of every node. It
// forwards each request to the current leader, whichever node that is now. It wires together
// the parts: the watcher that probes the nodes (watcher.ts), your view of who leads (leader.ts)
// and your request path (handler.ts). Start it with `npm run router`.
// Lesson: README.md, section "T4 · The entry point follows the leader".
import http from 'node:http';
import { loadOrExit } from '@scaling-lab/chirp';
import { describeError, sendJson, where } from '@scaling-lab/forwarding';
import { loadConfig } from './config.ts';
import { createHandler } from './handler.ts';
import { LeaderTracker } from './leader.ts';
import { Watcher } from './watcher.ts';

const config = loadOrExit('router', () => loadConfig());
const tracker = new LeaderTracker(config.nodes);
const watcher = new Watcher(config.nodes, tracker, config);
// Keep-alive connections to the nodes: a new TCP connection per request would cost more than
// the forwarding itself. Idle ones close after 4 s, before a node's own 5 s keep-alive timeout.
const agent = new http.Agent({ keepAlive: true, timeout: 4000 });
const handle = createHandler({ config, tracker, refresh: () => watcher.refresh(), agent });

/** GET /__router/leader: whom the router sends requests to right now (to debug, and for the grader). */
function describeLeader(res: http.ServerResponse): void {
  const leader = tracker.current();
  sendJson(res, 200, { leader: leader?.url ?? null, epoch: leader?.epoch ?? null }, { 'cache-control': 'no-store' });
}

const server = http.createServer((req, res) => {
  const fail = (error: unknown) => {
    console.error(`router: request failed: ${where(error)}`);
    if (res.headersSent) return void res.destroy();
    sendJson(res, 500, { error: describeError(error) });
  };
  try {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/__router/leader') return describeLeader(res);
    handle(req, res).catch(fail);
  } catch (error) {
    fail(error);
  }
});

server.on('error', (error) => {
  console.error(`router: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  console.log(
    `router listening on http://${config.host}:${config.port}: in front of ${config.nodes.join(', ')} ` +
      `(probe every ${config.probeIntervalMs} ms, timeout ${config.probeTimeoutMs} ms)`,
  );
  watcher.start();
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    watcher.stop();
    server.close(() => {
      agent.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
