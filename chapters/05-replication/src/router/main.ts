// Provided · the router program: one process in front of a leader and its followers. It wires
// the parts you write together: the health checker (T4), the routing decisions (T4, T5) and
// the request path (T4, T5). Start it with `npm run router`.
// Lesson: README.md, sections "T4 · A read/write router" and "T5 · Read-your-writes and monotonic reads".
import http from 'node:http';
import { loadOrExit } from '@scaling-lab/chirp';
import { loadConfig } from './config.ts';
import { createHandler } from './handler.ts';
import { HealthChecker } from './health.ts';
import { describeError, sendJson, where } from './http-util.ts';
import { Cluster } from './nodes.ts';
import { ReadRouter } from './routing.ts';

const config = loadOrExit('router', () => loadConfig());
const cluster = new Cluster(config.leaderUrl, config.followerUrls);
const reads = new ReadRouter(cluster, config.maxLagEntries);
// Keep-alive connections to the nodes: a new TCP connection per request would cost more than
// the forwarding itself. Idle ones close after 4 s, before a node's own 5 s keep-alive timeout.
const agent = new http.Agent({ keepAlive: true, timeout: 4000 });
const handle = createHandler({ config, cluster, reads, agent });

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(`router: request failed: ${where(error)}`);
    if (res.headersSent) return void res.destroy();
    sendJson(res, 500, { error: describeError(error) });
  });
});

const checker = new HealthChecker(cluster.all, config);

server.on('error', (error) => {
  console.error(`router: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  console.log(`router listening on http://${config.host}:${config.port}: leader ${config.leaderUrl}, ${config.followerUrls.length} follower(s)`);
  checker.start();
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    checker.stop();
    server.close(() => {
      agent.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
