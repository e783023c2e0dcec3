// The chapter's experiment: what replication costs, on loopback.
//
//   npx tsx bench/replication.ts [--solution] [--rate 1000] [--seconds 5] [--writes 400] [--dir /dev/shm]
//
// 1. Replication lag in asynchronous mode: a leader and one follower, writes paced at --rate
//    per second for --seconds (at most 32 in flight: if the leader cannot keep up, the rate
//    printed is what it achieved). For each write: the time from its 201 at the client until the
//    follower's /healthz shows a position at or past it (polled every 2 ms, so the figures
//    include up to ~2 ms of polling). Prints p50, p99 and max.
// 2. Synchronous write latency: a leader and two followers, --writes sequential writes with
//    SYNC_REPLICAS=0, 1 and 2. Prints the medians and their ratios to asynchronous.
// Every process is started here, on free loopback ports, and stopped at the end. The nodes'
// DATA_DIRs go under --dir (default: the system's temporary folder). Every commit is fsynced
// (synchronous=FULL), so on a slow disk the fsync, not replication, sets the write rate:
// --dir /dev/shm (memory) takes the disk out of the picture and measures replication alone.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { freePort, percentile, startEntry, stopAll } from '@scaling-lab/grader/bench';
import { findChapter, writeSolutionOverlay } from '@scaling-lab/grader/course';

const { values } = parseArgs({
  options: {
    solution: { type: 'boolean', default: false },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '5' },
    writes: { type: 'string', default: '400' },
    dir: { type: 'string', default: os.tmpdir() },
  },
});
const rate = Math.min(Number(values.rate), 5000);
const seconds = Math.min(Number(values.seconds), 30);
const writes = Math.min(Number(values.writes), 5000);

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(url: string, method = 'GET', body?: unknown): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { method, agent, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const dataDirs: string[] = [];

async function startNode(codeDir: string, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(values.dir, `scaling-lab-bench-${env.NODE_ID}-`));
  dataDirs.push(dataDir);
  await startEntry(codeDir, 'node/main.ts', { PORT: String(port), DATA_DIR: dataDir, ...env });
  return `http://127.0.0.1:${port}`;
}

async function write(leader: string, text: string): Promise<number> {
  const res = await call(`${leader}/api/chirps`, 'POST', { author: 'bench', text });
  if (res.status !== 201) throw new Error(`POST /api/chirps: ${res.status} ${res.text.slice(0, 200)}`);
  return Number(res.headers['x-chirp-position']);
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function measureLag(codeDir: string): Promise<void> {
  const leader = await startNode(codeDir, { ROLE: 'leader', NODE_ID: 'bench-leader' });
  const follower = await startNode(codeDir, { ROLE: 'follower', NODE_ID: 'bench-follower', LEADER_URL: leader, FETCH_WAIT_MS: '500' });
  await write(leader, 'warm up');
  // The follower's position over time, polled every 2 ms.
  const seen: { position: number; at: number }[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const res = await call(`${follower}/healthz`);
      seen.push({ position: (JSON.parse(res.text) as { position: number }).position, at: performance.now() });
      await delay(2);
    }
  })();
  // Open loop: one write every 1000/rate ms, whatever the answers' latency.
  const acked: { seq: number; at: number }[] = [];
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await delay(wait);
    while (pending.size >= 32) await Promise.race(pending);
    const p: Promise<void> = write(leader, `lag ${i}`).then((seq) => void acked.push({ seq, at: performance.now() })).finally(() => pending.delete(p));
    pending.add(p);
  }
  await Promise.all(pending);
  const achieved = acked.length / ((performance.now() - started) / 1000);
  const last = Math.max(...acked.map((a) => a.seq));
  while (!seen.length || seen.at(-1)!.position < last) await delay(5);
  polling = false;
  await poller;
  const lags: number[] = [];
  for (const { seq, at } of acked) {
    const visible = seen.find((s) => s.position >= seq);
    if (visible) lags.push(Math.max(0, visible.at - at));
  }
  const sorted = Float64Array.from(lags).sort();
  console.log(`async lag, 1 follower, ${acked.length} writes at ${achieved.toFixed(0)}/s: p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1)!)}`);
  await stopAll();
}

async function measureSync(codeDir: string): Promise<void> {
  const medians: Record<number, number> = {};
  for (const replicas of [0, 1, 2]) {
    const leader = await startNode(codeDir, { ROLE: 'leader', NODE_ID: `sync-${replicas}`, SYNC_REPLICAS: String(replicas), SYNC_TIMEOUT_MS: '5000' });
    for (const name of ['a', 'b']) await startNode(codeDir, { ROLE: 'follower', NODE_ID: `sync-${replicas}-${name}`, LEADER_URL: leader });
    // Until both followers are connected, a K=2 write would wait for the second one to start.
    for (let i = 0; i < 20; i++) await write(leader, `warm up ${i}`);
    const latencies: number[] = [];
    for (let i = 0; i < writes; i++) {
      const t0 = performance.now();
      await write(leader, `sync ${i}`);
      latencies.push(performance.now() - t0);
    }
    const sorted = Float64Array.from(latencies).sort();
    medians[replicas] = percentile(sorted, 50);
    console.log(`SYNC_REPLICAS=${replicas}, 2 followers, ${writes} sequential writes: median ${ms(medians[replicas])}, p99 ${ms(percentile(sorted, 99))}`);
    await stopAll();
  }
  console.log(`ratio to asynchronous (median): K=1 ${(medians[1]! / medians[0]!).toFixed(2)}x, K=2 ${(medians[2]! / medians[0]!).toFixed(2)}x`);
}

const chapter = findChapter('05');
const overlay = path.join(chapter.dir, '.lab', 'bench', String(process.pid));
const codeDir = values.solution ? writeSolutionOverlay(chapter, overlay) : path.join(chapter.dir, 'src');
try {
  await measureLag(codeDir);
  await measureSync(codeDir);
} finally {
  await stopAll();
  agent.destroy();
  rmSync(overlay, { recursive: true, force: true });
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}
