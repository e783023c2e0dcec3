// Provided · Starts Chirp with a cache beside it: SQLite is the source of truth, the cache
// (your CachedChirpStore over your CacheClient) sits in front of it, and every answer is sent
// through your HTTP caching (respondWithCaching). SIGTERM or SIGINT stops it cleanly.
// Lesson: README.md, "Running the stack".
import { createChirpApp, listenChirp, loadOrExit, SqliteChirpStore } from '@scaling-lab/chirp';
import { CacheClient } from './cache-client.ts';
import { CachedChirpStore } from './cached-store.ts';
import { loadConfig } from './config.ts';
import { respondWithCaching } from './http-caching.ts';

const SHUTDOWN_GRACE_MS = 10_000;

const config = loadOrExit('chirp', () => loadConfig());
const db = SqliteChirpStore.open(config.dataDir);
const cache = config.cacheUrl ? new CacheClient(config.cacheUrl, { timeoutMs: config.cacheTimeoutMs }) : undefined;
const store = cache ? new CachedChirpStore(db, cache, { ttlSeconds: config.cacheTtlSeconds }) : db;

const app = createChirpApp({
  store,
  instance: config.instanceId,
  role: 'app',
  respond: respondWithCaching,
  cdnUrl: config.cdnUrl,
  // What the cache saved the database from, and whether the cache is usable right now.
  health: () => ({ cache: cache ? cache.health() : { status: 'off' }, db: { ...db.counters } }),
});

const server = listenChirp(app, config.port, config.host, () => {
  console.log(`chirp ${config.instanceId} listening on http://${config.host}:${config.port} (cache: ${config.cacheUrl ?? 'none'})`);
});
server.on('error', (error) => {
  console.error(`chirp: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`chirp: ${signal} received, finishing in-flight requests`);
  server.close(() => {
    cache?.close();
    db.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
