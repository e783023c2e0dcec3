// The chapter's experiment: a skewed (Zipf) read mix of single chirps against the app, once
// straight from SQLite and once through the cache. Prints throughput, latency percentiles and
// the hit ratio. Loopback only, bounded in time.
//
//   npx tsx bench/zipf-reads.ts [--solution] [--cache ours|redis] [--reads chirps|timelines]
//                               [--seconds 10] [--connections 16] [--chirps 2000] [--skew 1.0]
//                               [--rounds 2] [--chart file.svg] [--chapter01]
// Three setups: the app straight from SQLite, the app with cache-aside, and the edge in front
// of the cached app (hits answered by the edge from the app's Cache-Control). --chart writes an
// SVG of the run: requests/s and p99 per setup, each round its own bar. --chapter01 adds your
// chapter 01 server (the reference's with --solution) as a fourth setup: the same reads from
// SQLite through an Express app of the usual kind, started with app.listen().
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { driveSteady, freePort, type Recorder, renderBarChart, scratchDir, start, startEntry, stopAll, summarise } from '@scaling-lab/grader/bench';
import { findChapter, writeSolutionOverlay } from '@scaling-lab/grader/course';

const { values } = parseArgs({
  options: {
    solution: { type: 'boolean', default: false },
    cache: { type: 'string', default: 'ours' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    chirps: { type: 'string', default: '2000' },
    skew: { type: 'string', default: '1.0' },
    reads: { type: 'string', default: 'chirps' },
    rounds: { type: 'string', default: '2' },
    chart: { type: 'string' },
    chapter01: { type: 'boolean', default: false },
  },
});
const seconds = Math.min(Number(values.seconds), 60);
const connections = Math.min(Number(values.connections), 64);
const chirps = Math.min(Number(values.chirps), 20_000);
const skew = Number(values.skew);
const rounds = Math.min(Math.max(Number(values.rounds), 1), 5);
const AUTHORS = 50;
/** The path of the rank-th most popular item: a chirp, or an author's timeline. */
const pathOf = (rank: number, ids: number[]) => (values.reads === 'timelines' ? `/api/chirps?author=user_${(rank - 1) % AUTHORS}` : `/api/chirps/${ids[rank - 1]}`);

/** Ranks 1..n drawn with probability proportional to 1 / rank^s: a few chirps get most reads. */
function zipfSampler(n: number, s: number, seed = 42): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) cdf[k - 1] = total += 1 / k ** s;
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

type Json = any;

async function json(url: string, init?: RequestInit): Promise<Json> {
  const res = await fetch(url, init);
  return res.json();
}

async function seed(base: string, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const chirp = await json(`${base}/api/chirps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ author: `user_${i % AUTHORS}`, text: `chirp number ${i}, with some words to make it a realistic size` }) });
    ids.push(chirp.id);
  }
  return ids;
}

/** Zipf-distributed reads from `connections` connections, driven by autocannon (the course's load driver). */
function load(base: string, ids: number[], durationMs: number, allResponses?: { count: number }): Promise<Recorder> {
  const next = zipfSampler(values.reads === 'timelines' ? AUTHORS : ids.length, skew);
  return driveSteady({ url: base, connections, durationMs, path: () => pathOf(next(), ids), allResponses });
}

/** SQLite queries the app has answered so far: what every cache in front of it saves. */
async function dbQueries(app: string): Promise<number> {
  const { db } = await json(`${app}/healthz`);
  return db.gets + db.lists;
}

/** `app` is where the SQLite counters are read; chapter 01's server has none (every read is a query). */
async function measure(label: string, base: string, app: string | undefined, ids: number[]) {
  await load(base, ids, 2000); // warm-up: JIT, connections, and the caches' first fills
  const before = app ? await dbQueries(app) : 0;
  // The queries are counted by the app, so they are compared with every response it sent. Up to
  // one request per connection is still in flight when a run stops (answered by the app, never
  // counted here): with every read a query, that shows as a ratio a hair below zero.
  const answered = { count: 0 };
  const summary = summarise(await load(base, ids, seconds * 1000, answered), 'duration');
  const hitRatio = app ? Math.max(0, 1 - (await dbQueries(app) - before) / answered.count) : 0;
  return { label, rps: summary.requestsPerSecond, p50: summary.latencyMs!.p50, p99: summary.latencyMs!.p99, hitRatio, errors: summary.requests - summary.responses };
}

/** Chapter 01's server, yours or (with --solution) the reference, on a fresh port and data dir. */
async function startChapter01(overlay: string): Promise<string> {
  const chapter = findChapter('01');
  const codeDir = values.solution ? writeSolutionOverlay(chapter, overlay) : path.join(chapter.dir, 'src');
  const port = await freePort();
  await startEntry(codeDir, 'main.ts', { PORT: String(port), DATA_DIR: scratchDir('chapter01'), INSTANCE_ID: 'chapter01' });
  return `http://127.0.0.1:${port}`;
}

async function main(overlay: string): Promise<void> {
  const chapter = findChapter('04');
  const codeDir = values.solution ? writeSolutionOverlay(chapter, overlay) : path.join(chapter.dir, 'src');
  const cachePort = await freePort();
  if (values.cache === 'redis') await start('redis-server', 'redis-server', ['--port', String(cachePort), '--save', '', '--appendonly', 'no'], {}, cachePort);
  else await startEntry(codeDir, 'cache/main.ts', { PORT: String(cachePort), CACHE_MAX_BYTES: String(64 * 1024 * 1024) });
  const plainPort = await freePort();
  const cachedPort = await freePort();
  await startEntry(codeDir, 'app/main.ts', { PORT: String(plainPort), DATA_DIR: scratchDir('plain') });
  await startEntry(codeDir, 'app/main.ts', { PORT: String(cachedPort), DATA_DIR: scratchDir('cached'), CACHE_URL: `redis://127.0.0.1:${cachePort}`, CACHE_TTL_SECONDS: '300' });
  const plain = `http://127.0.0.1:${plainPort}`;
  const cached = `http://127.0.0.1:${cachedPort}`;
  const first = values.chapter01 ? await startChapter01(path.join(overlay, 'chapter01')) : undefined;
  const [plainIds, cachedIds, firstIds] = await Promise.all([seed(plain, chirps), seed(cached, chirps), first ? seed(first, chirps) : []]);
  const edgePort = await freePort();
  await startEntry(codeDir, 'edge/main.ts', { PORT: String(edgePort), ORIGIN_URL: cached });
  const edge = `http://127.0.0.1:${edgePort}`;
  console.error(`${values.reads} reads, ${chirps} chirps, Zipf skew ${skew}, ${connections} connections, ${seconds} s per run, cache: ${values.cache}`);
  const rows: ({ round: number } & Awaited<ReturnType<typeof measure>>)[] = [];
  // Interleaved A B C A B C: a slow moment of the machine hits every setup alike.
  for (let round = 1; round <= rounds; round++) {
    if (first) rows.push({ round, ...(await measure('chapter 01 server', first, undefined, firstIds)) });
    rows.push({ round, ...(await measure('SQLite only', plain, plain, plainIds)) });
    rows.push({ round, ...(await measure(`cache-aside (${values.cache})`, cached, cached, cachedIds)) });
    rows.push({ round, ...(await measure('edge in front of cache-aside', edge, cached, cachedIds)) });
  }
  console.log('| setup | requests/s | p50 ms | p99 ms | requests no SQLite query answered | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.hitRatio * 100).toFixed(1)}% | ${r.errors} |`);
  if (values.chart) {
    // Each round its own bar, not a median: with two rounds the spread is the honest picture.
    const series = Array.from({ length: rounds }, (_, i) => `round ${i + 1}`);
    const labels = [...new Set(rows.map((r) => r.label))];
    const panel = (unit: string, value: (r: (typeof rows)[number]) => number) => ({
      unit,
      groups: labels.map((label) => ({
        label: label.replace(' (', '\n(').replace(' of ', '\nof '), // "cache-aside\n(ours)", "edge in front\nof cache-aside"
        bars: rows.filter((r) => r.label === label).map((r) => ({ series: `round ${r.round}`, value: value(r) })),
      })),
    });
    mkdirSync(path.dirname(values.chart), { recursive: true }); // images/ may not exist yet
    writeFileSync(values.chart, await renderBarChart({
      title: `Skewed reads of ${values.reads === 'timelines' ? 'timeline pages' : 'single chirps'}: each round its own bar`,
      series,
      ...panel('requests/s', (r) => r.rps),
      more: [panel('p99 latency (ms)', (r) => r.p99)],
      note: `Zipf skew ${skew}, ${chirps} chirps, ${connections} connections, ${seconds} s a run, ${os.cpus().length} CPUs`,
    }));
    console.error(`chart written to ${values.chart}`);
  }
}

const overlay = path.join(findChapter('04').dir, '.lab', 'bench', String(process.pid));
try {
  await main(overlay);
} finally {
  await stopAll();
  rmSync(overlay, { recursive: true, force: true });
}
