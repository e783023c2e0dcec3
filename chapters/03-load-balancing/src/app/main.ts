// Provided: a stand-in for chapter 01's Chirp server, to run behind your balancer several times
// (`npm run app`, once per PORT). It keeps nothing on disk and spends WORK_MS of CPU on each
// request, the way an application spends time rendering, validating and serialising.
//   PORT (3000), HOST (127.0.0.1), INSTANCE_ID (app-<port>), WORK_MS (2)
//   REGISTRY_URL, SERVICE_NAME (chirp), TTL_MS (3000): register with the registry (T6)
import { createHash } from 'node:crypto';
import http from 'node:http';
import { loadOrExit, port, text, wholeNumber } from '../lib/env.ts';
import { sendJson } from '../lib/http-json.ts';
import { keepRegistered } from './register.ts';

const env = process.env;
const config = loadOrExit('app', () => {
  const listenPort = port(env, 3000);
  const host = text(env, 'HOST', '127.0.0.1');
  return {
    host,
    port: listenPort,
    instance: text(env, 'INSTANCE_ID', `app-${listenPort}`),
    workMs: wholeNumber(env, 'WORK_MS', 2, 0, 10_000),
    registryUrl: text(env, 'REGISTRY_URL', '').replace(/\/+$/, ''),
    service: text(env, 'SERVICE_NAME', 'chirp'),
    ttlMs: wholeNumber(env, 'TTL_MS', 3000, 100, 3_600_000),
  };
});

/** Busy CPU for `ms` milliseconds: hashing, so the work cannot be optimised away. */
function work(ms: number): string {
  const until = performance.now() + ms;
  let digest = config.instance;
  while (performance.now() < until) digest = createHash('sha256').update(digest).digest('hex');
  return digest.slice(0, 8);
}

let served = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/healthz') return sendJson(res, 200, { status: 'ok', instance: config.instance, role: 'app', served });
  served++;
  const proof = work(config.workMs);
  sendJson(res, 200, { instance: config.instance, method: req.method, path: req.url, served, proof });
});

server.on('error', (error) => {
  console.error(`app: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  console.log(`app ${config.instance} (pid ${process.pid}) listening on http://${config.host}:${config.port} (WORK_MS=${config.workMs})`);
  if (config.registryUrl) {
    const registration = keepRegistered({ registryUrl: config.registryUrl, service: config.service, id: config.instance, url: `http://${config.host}:${config.port}`, ttlMs: config.ttlMs });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void registration.deregister().finally(() => shutdown()));
  } else {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, shutdown);
  }
});

function shutdown(): void {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
