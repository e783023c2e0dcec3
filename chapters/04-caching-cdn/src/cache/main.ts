// Provided · The cache server program: reads its settings (PORT, HOST, CACHE_MAX_BYTES), builds
// your keyspace and serves it over RESP. SIGTERM or SIGINT closes it and exits 0.
// Start it with `npm run cache`, talk to it with `redis-cli -p 6380` or any Redis client.
// Lesson: README.md, section "T1 · Speaking RESP".
import { loadConfig, loadOrExit } from './config.ts';
import { Keyspace } from './keyspace.ts';
import { createCacheServer } from './server.ts';

const config = loadOrExit('cache', () => loadConfig());
const keyspace = new Keyspace(config.maxBytes);
const cache = createCacheServer(keyspace);

cache.server.on('error', (failure) => {
  console.error(`cache: cannot listen on ${config.host}:${config.port}: ${failure.message}`);
  process.exit(1);
});
cache.server.listen(config.port, config.host, () => {
  console.log(`cache listening on redis://${config.host}:${config.port} (CACHE_MAX_BYTES ${config.maxBytes})`);
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void cache.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
