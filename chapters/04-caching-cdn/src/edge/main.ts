// Provided · The edge program: a pull CDN in front of ORIGIN_URL plus a push CDN for assets.
// It wires the parts you write together: the cache rules (freshness.ts, T8), the store
// (cache-store.ts, T9), the request flow (handler.ts, T8-T9), purge (purge.ts, T9) and the
// asset API (assets.ts, T10). Start it with `npm run edge`.
//   /_edge/assets/<name>  PUT: upload an asset (T10)      /assets/...  GET, HEAD: pushed assets
//   /_edge/purge          POST: purge a URL (T9)          /_edge/stats GET: counters (JSON)
//   anything else         the pull cache in front of the origin
import http from 'node:http';
import { createAssets } from './assets.ts';
import { CacheStore } from './cache-store.ts';
import { loadConfig, loadOrExit } from './config.ts';
import { createHandler } from './handler.ts';
import { describeError, sendJson } from './http-util.ts';
import { handlePurge } from './purge.ts';

const config = loadOrExit('edge', () => loadConfig());
const store = new CacheStore(config.maxBytes);
// Keep-alive connections to the origin; idle ones close after 4 s, before a typical origin's
// own 5 s keep-alive timeout could close one just as we reuse it.
const agent = new http.Agent({ keepAlive: true, timeout: 4000 });
const handle = createHandler({ config, store, agent });
const assets = createAssets({ token: config.token, uploadMaxBytes: config.uploadMaxBytes });

/** Answers by their X-Cache header, counted as they finish: the stats and the headers always agree. */
const counts = { hits: 0, misses: 0, stale: 0, revalidated: 0 };
const COUNTERS: Record<string, keyof typeof counts> = { HIT: 'hits', MISS: 'misses', STALE: 'stale', REVALIDATED: 'revalidated' };

function stats() {
  return { ...counts, storedBytes: store.bytes, entries: store.size, evictions: store.evictions, maxBytes: store.maxBytes, assets: assets.count() };
}

function methodNotAllowed(res: http.ServerResponse, allowed: string): void {
  sendJson(res, 405, { error: `use ${allowed} here` }, { allow: allowed });
}

async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const method = req.method ?? 'GET';
  if (path.startsWith('/_edge/assets/')) {
    if (method !== 'PUT') return methodNotAllowed(res, 'PUT');
    return assets.upload(req, res, path.slice('/_edge/assets/'.length));
  }
  if (path === '/_edge/purge') return method === 'POST' ? handlePurge(req, res, store, config.token) : methodNotAllowed(res, 'POST');
  if (path === '/_edge/stats') return method === 'GET' ? sendJson(res, 200, stats(), { 'cache-control': 'no-store' }) : methodNotAllowed(res, 'GET');
  if (path.startsWith('/_edge/')) return sendJson(res, 404, { error: `no edge API at ${path}` });
  if (path.startsWith('/assets/')) return method === 'GET' || method === 'HEAD' ? assets.serve(req, res) : methodNotAllowed(res, 'GET, HEAD');
  return handle(req, res);
}

/** The X-Cache value a response was sent with, whether set with setHeader() or writeHead(). */
function watchCacheStatus(res: http.ServerResponse, found: (value: string) => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    const headers = args.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg)) as Record<string, unknown> | undefined;
    const value = headers?.['x-cache'] ?? Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'x-cache')?.[1] ?? this.getHeader('x-cache');
    if (value !== undefined) found(String(value));
    return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof res.writeHead;
}

const server = http.createServer((req, res) => {
  if (!(req.url ?? '').startsWith('/assets/') && !(req.url ?? '').startsWith('/_edge/')) {
    watchCacheStatus(res, (value) => {
      const counter = COUNTERS[value];
      if (counter) counts[counter]++;
    });
  }
  route(req, res).catch((error: unknown) => {
    console.error(`edge: ${req.method} ${req.url} failed: ${describeError(error)}`);
    if (res.headersSent) return void res.destroy();
    sendJson(res, 500, { error: describeError(error) });
  });
});

server.on('error', (error) => {
  console.error(`edge: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  console.log(`edge listening on http://${config.host}:${config.port}, pulling from ${config.originUrl}, caching up to ${config.maxBytes} bytes`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close(() => {
      agent.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
