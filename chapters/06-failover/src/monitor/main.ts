// Provided · the monitor program: it watches the nodes listed in NODES, runs failover when the
// leader is gone, and serves what it knows at GET /monitor/state. The loop is in monitor.ts; the
// parts you write are probe.ts and detector.ts (T1), succession.ts and failover.ts (T2).
// Start it with `npm run monitor`.
// Lesson: README.md, sections "T1 · A failure detector" and "T2 · Promotion with a line of succession".
import http from 'node:http';
import { loadOrExit } from '@scaling-lab/chirp';
import { loadConfig } from './config.ts';
import { Monitor } from './monitor.ts';
import { HttpNodeControl } from './node-client.ts';

const config = loadOrExit('monitor', () => loadConfig());
// A promote or follow command may take longer than a probe (the node writes its new epoch to
// disk), but never so long that a dead node holds up the next round for seconds.
const control = new HttpNodeControl(Math.max(1000, 2 * config.probeTimeoutMs));
const monitor = new Monitor(config, control);

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/monitor/state') return sendJson(res, 404, { error: `no route ${req.method} ${path}; try GET /monitor/state` });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendJson(res, 405, { error: `${req.method} is not allowed on /monitor/state` });
  }
  try {
    sendJson(res, 200, monitor.state());
  } catch (error) {
    // Only a bug in a part you write (the detector, the failover state) lands here.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`monitor: GET /monitor/state failed: ${message}`);
    sendJson(res, 500, { error: message });
  }
});

server.on('error', (error) => {
  console.error(`monitor: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  console.log(
    `${config.monitorId} listening on http://${config.host}:${config.port}: watching ${config.nodes.join(', ')} ` +
      `(probe every ${config.probeIntervalMs} ms, timeout ${config.probeTimeoutMs} ms, suspect after ${config.failureTimeoutMs} ms)`,
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
