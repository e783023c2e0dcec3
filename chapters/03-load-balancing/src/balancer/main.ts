// Provided: the balancer program. It wires the parts you write together: the pool of backends,
// the policy (T1, T2, T5), the health checker (T3), the request handler with its retries (T4),
// discovery from the registry (T6) and the stats endpoint (T7). Start it with `npm run balancer`.
import http from 'node:http';
import { loadOrExit } from '../lib/env.ts';
import { describeError, sendJson, where } from '../lib/http-json.ts';
import { loadConfig } from './config.ts';
import { Discovery } from './discovery.ts';
import { createHandler } from './handler.ts';
import { HealthChecker } from './health-checker.ts';
import { createPolicy } from './policies.ts';
import { Pool } from './pool.ts';
import { StickyCookie } from './sticky-cookie.ts';

const config = loadOrExit('balancer', () => loadConfig());
const pool = new Pool(config.backends);
const policy = createPolicy(config.policy);
const sticky = config.stickyCookie ? new StickyCookie(config.stickyCookie) : undefined;
// Keep-alive connections to the backends: a new TCP connection per request would cost more
// than the forwarding itself. Idle ones are closed after 4 s, before a backend's own 5 s
// keep-alive timeout can close one just as we reuse it.
const agent = new http.Agent({ keepAlive: true, timeout: 4000 });
const handle = createHandler({ config, pool, policy, sticky, agent });

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(`balancer: request failed: ${where(error)}`);
    if (res.headersSent) return void res.destroy();
    sendJson(res, 500, { error: describeError(error) });
  });
});

const checker = new HealthChecker(pool, config.health);
const discovery = config.discovery ? new Discovery(pool, config.discovery) : undefined;

server.on('error', (error) => {
  console.error(`balancer: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  const source = config.discovery ? `service "${config.discovery.service}" from ${config.discovery.registryUrl}` : `${config.backends.length} backend(s)`;
  console.log(`balancer listening on http://${config.host}:${config.port}: ${config.policy} over ${source}`);
  checker.start();
  discovery?.start();
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    checker.stop();
    discovery?.stop();
    server.close(() => {
      agent.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
