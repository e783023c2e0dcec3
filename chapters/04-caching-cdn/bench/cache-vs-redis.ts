// Bench: your cache server against a real redis-server, same client (ioredis), same pipelining.
// Loopback only, a fixed number of operations, and both servers started and stopped here.
//
//   npx tsx bench/cache-vs-redis.ts              # your code (src/cache)
//   npx tsx bench/cache-vs-redis.ts --solution   # the reference (solution/ over src/)
//
// Each row: BENCH_OPS commands (default 200,000) per run, best of three runs.
// redis-server is optional: without it (apt-get install redis-server / brew install redis) only
// your server is measured. Lesson: README.md, section "Your cache against redis-server".
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const chapter = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PIPELINE = 100;
const OPS = Number(process.env.BENCH_OPS ?? 200_000);
const KEYS = 10_000;
const VALUE = 'v'.repeat(100);
const CONNECTIONS = [1, 8];
const ROUNDS = 3;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => (socket.destroy(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await delay(50);
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within 10 s`);
}

/** The cache's folder: src/cache, or a temporary copy with solution/cache laid over it. */
function cacheDir(solution: boolean): { dir: string; cleanup: () => void } {
  const src = path.join(chapter, 'src', 'cache');
  if (!solution) return { dir: src, cleanup: () => {} };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cache-bench-'));
  cpSync(src, tmp, { recursive: true });
  cpSync(path.join(chapter, 'solution', 'cache'), tmp, { recursive: true });
  writeFileSync(path.join(tmp, 'package.json'), '{"type": "module"}\n'); // ES modules, like the chapter
  return { dir: tmp, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

async function startOurs(dir: string): Promise<{ port: number; stop: () => void }> {
  const port = await freePort();
  const tsx = createRequire(import.meta.url).resolve('tsx/esm');
  const child = spawn(process.execPath, ['--import', tsx, path.join(dir, 'main.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CACHE_MAX_BYTES: String(256 * 1024 * 1024) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(port, child, 'your cache server');
  return { port, stop: () => child.kill('SIGTERM') };
}

async function startRedis(): Promise<{ port: number; stop: () => void } | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory', '256mb', '--maxmemory-policy', 'allkeys-lru'];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  await waitForPort(port, child, 'redis-server');
  return { port, stop: () => child.kill('SIGTERM') };
}

/** OPS commands over `connections` clients, PIPELINE at a time each; returns commands per second. */
async function measure(port: number, connections: number, op: 'SET' | 'GET'): Promise<number> {
  const clients = Array.from({ length: connections }, () => new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null }));
  await Promise.all(clients.map((c) => c.connect()));
  const perClient = Math.ceil(OPS / connections);
  const run = async (client: Redis, offset: number, count: number) => {
    for (let done = 0; done < count; done += PIPELINE) {
      const pipeline = client.pipeline();
      for (let i = 0; i < PIPELINE; i++) {
        const key = `bench:${(offset + done + i) % KEYS}`;
        if (op === 'SET') pipeline.set(key, VALUE);
        else pipeline.get(key);
      }
      await pipeline.exec();
    }
  };
  await Promise.all(clients.map((c, i) => run(c, i * 7919, 20 * PIPELINE))); // warm-up
  const started = process.hrtime.bigint();
  await Promise.all(clients.map((c, i) => run(c, i * 7919, perClient)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clients.forEach((c) => c.disconnect());
  return (perClient * connections) / seconds;
}

const solution = process.argv.includes('--solution');
const { dir, cleanup } = cacheDir(solution);
const ours = await startOurs(dir);
const redis = await startRedis();
if (!redis) console.log('redis-server is not installed: measuring only your cache (apt-get install redis-server / brew install redis).');
const rows: string[] = [];
try {
  for (const op of ['SET', 'GET'] as const) {
    for (const connections of CONNECTIONS) {
      // Best of three, taken in turns: on a shared machine the best run is the least disturbed.
      let mine = 0;
      let theirs: number | undefined;
      for (let round = 0; round < ROUNDS; round++) {
        mine = Math.max(mine, await measure(ours.port, connections, op));
        if (redis) theirs = Math.max(theirs ?? 0, await measure(redis.port, connections, op));
      }
      const ratio = theirs ? `${(mine / theirs).toFixed(2)}x` : '-';
      rows.push(`| ${op} | ${connections} | ${Math.round(mine).toLocaleString('en')} | ${theirs ? Math.round(theirs).toLocaleString('en') : '-'} | ${ratio} |`);
    }
  }
} catch (failure) {
  console.error(`bench stopped: ${(failure as Error).message.replace(/\.+$/, '')}. Does your cache pass T1-T3 (npm run grade -- 04 --task T1,T2,T3)?`);
  process.exitCode = 1;
} finally {
  ours.stop();
  redis?.stop();
  cleanup();
}
if (process.exitCode) process.exit();
console.log(`\n${OPS.toLocaleString('en')} commands per run, best of ${ROUNDS} runs per row, pipelines of ${PIPELINE}, 100-byte values, ${KEYS.toLocaleString('en')} keys, ioredis, loopback, ${os.cpus().length} CPUs (${solution ? 'reference' : 'your code'})\n`);
console.log('| command | connections | this cache (cmd/s) | redis-server (cmd/s) | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
