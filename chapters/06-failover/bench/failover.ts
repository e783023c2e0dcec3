// The chapter's experiment: how long writes fail when the leader dies, and whether a monitor
// raises false alarms when the leader only pauses.
//
//   npx tsx bench/failover.ts [--solution] [--runs 20] [--seed 1] [--timeout 500] [--pause-seconds 60]
//                             [--monitors 1|3] [--kill-monitor] [--chart file.svg] [--dir /dev/shm]
//
// 1. Error window, --runs seeded runs: three nodes (SYNC_REPLICAS=1) and a monitor
//    (FAILURE_TIMEOUT_MS=--timeout, probes every 100 ms). Four clients write without pause,
//    each asking the monitor where the leader is whenever a write fails. After a seeded
//    warm-up the leader gets SIGKILL. The error window is the time from the kill until the
//    first write sent after it is acknowledged. Every write is recorded; after the run the surviving nodes'
//    chirps are read back and judged by the suites' checkers: every acknowledged write present,
//    never two nodes acknowledging in one epoch. Prints the median and p90 window, and the
//    answered and failed writes per 100 ms around the kill for the median run.
//    With --monitors 3 the monitors list each other in PEERS and a promotion needs two votes;
//    --kill-monitor kills one of them (not the one clients ask) just before the leader.
//    --chart writes the median run's writes per 100 ms as an SVG bar chart.
// 2. False alarms, one run of --pause-seconds under the same load: the leader is paused with
//    SIGSTOP for a seeded 20-60% of the timeout about once a second. Prints how many failovers
//    the monitor started (a correct detector: none).
// Every process is started here on free loopback ports and stopped at the end.
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { checkOneWriterPerEpoch, checkSet, completionFromResponse, freePort, History, percentile, Random, renderBucketChart, startEntry, stopAll } from '@scaling-lab/grader/bench';
import { findChapter, writeSolutionOverlay } from '@scaling-lab/grader/course';

const { values } = parseArgs({
  options: {
    solution: { type: 'boolean', default: false },
    runs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '500' },
    'pause-seconds': { type: 'string', default: '60' },
    dir: { type: 'string', default: os.tmpdir() },
    monitors: { type: 'string', default: '1' },
    'kill-monitor': { type: 'boolean', default: false },
    chart: { type: 'string' },
  },
});
const monitorCount = values.monitors === '3' ? 3 : 1;
if (values['kill-monitor'] && monitorCount < 3) throw new Error('--kill-monitor needs --monitors 3: one monitor alone is the only one');
const runs = Math.min(Math.max(Number(values.runs), 1), 100);
const firstSeed = Number(values.seed);
const failureTimeoutMs = Math.min(Math.max(Number(values.timeout), 100), 10_000);
const pauseSeconds = Math.min(Math.max(Number(values['pause-seconds']), 0), 600);
const CLIENTS = 4;

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function call(url: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}, timeoutMs = 2000) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { method, agent, timeout: timeoutMs, headers: payload ? { 'content-type': 'application/json', ...headers } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(payload);
  });
}

interface Cluster {
  nodes: { url: string; id: string; child: ChildProcess }[];
  /** The monitor clients ask. */
  monitor: string;
  /** The others (with --monitors 3), killable. */
  others: ChildProcess[];
}

const dataDirs: string[] = [];

async function startCluster(codeDir: string, label: string): Promise<Cluster> {
  const ports = [await freePort(), await freePort(), await freePort()];
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  const nodes = [];
  for (const [i, port] of ports.entries()) {
    const id = `${label}-n${i + 1}`;
    const dataDir = mkdtempSync(path.join(values.dir, `scaling-lab-bench-${id}-`));
    dataDirs.push(dataDir);
    const role: Record<string, string> = i === 0 ? { ROLE: 'leader' } : { ROLE: 'follower', LEADER_URL: urls[0]! };
    const child = await startEntry(codeDir, 'node/main.ts', { PORT: String(port), DATA_DIR: dataDir, NODE_ID: id, SYNC_REPLICAS: '1', SYNC_TIMEOUT_MS: '1000', FETCH_WAIT_MS: '500', ...role });
    nodes.push({ url: urls[i]!, id, child });
  }
  const monitorPorts: number[] = [];
  for (let i = 0; i < monitorCount; i++) monitorPorts.push(await freePort());
  const monitors: ChildProcess[] = [];
  for (const [i, port] of monitorPorts.entries()) {
    const dataDir = mkdtempSync(path.join(values.dir, `scaling-lab-bench-${label}-m${i + 1}-`));
    dataDirs.push(dataDir);
    const peers = monitorPorts.filter((p) => p !== port).map((p) => `http://127.0.0.1:${p}`);
    monitors.push(
      await startEntry(codeDir, 'monitor/main.ts', {
        PORT: String(port),
        MONITOR_ID: `${label}-m${i + 1}`,
        DATA_DIR: dataDir,
        NODES: urls.join(','),
        PEERS: peers.join(','),
        PROBE_INTERVAL_MS: '100',
        PROBE_TIMEOUT_MS: String(Math.round(failureTimeoutMs / 2)),
        FAILURE_TIMEOUT_MS: String(failureTimeoutMs),
      }),
    );
  }
  return { nodes, monitor: `http://127.0.0.1:${monitorPorts[0]}`, others: monitors.slice(1) };
}

interface LeaderView {
  url: string;
  epoch: number;
}

/** Where the monitor says the leader is (undefined while it knows none). */
async function askMonitor(monitor: string): Promise<LeaderView | undefined> {
  try {
    const state = JSON.parse((await call(`${monitor}/monitor/state`)).text) as { leader: string | null; nodes: { url: string; epoch: number | null }[] };
    const epoch = state.nodes.find((n) => n.url === state.leader)?.epoch;
    return state.leader && typeof epoch === 'number' ? { url: state.leader, epoch } : undefined;
  } catch {
    return undefined;
  }
}

/** Clients that write until stopped, each re-asking the monitor after a failed write. */
function writeLoad(cluster: Cluster, history: History, label: string) {
  let stopped = false;
  let written = 0;
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    let leader = await askMonitor(cluster.monitor);
    while (!stopped) {
      if (!leader) {
        await delay(20);
        leader = await askMonitor(cluster.monitor);
        continue;
      }
      const text = `${label} c${c} #${written++}`;
      const target = leader;
      const event = await history.run(`c${c}`, { op: 'write', value: text, node: target.url }, async () =>
        completionFromResponse(await call(`${target.url}/api/chirps`, 'POST', { author: 'bench', text }, { 'x-chirp-epoch': String(target.epoch) })),
      );
      if (event.type !== 'ok') {
        // A client backs off a little before it tries again, as a real one would.
        await delay(10);
        leader = await askMonitor(cluster.monitor);
      }
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(clients);
    },
  };
}

/** Every chirp text on a node, through the Chirp API's pages. */
async function allTexts(url: string): Promise<string[]> {
  const texts: string[] = [];
  let before: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const res = await call(`${url}/api/chirps?author=bench&limit=100${before ? `&before=${before}` : ''}`);
    const body = JSON.parse(res.text) as { chirps: { text: string }[]; nextCursor: string | null };
    texts.push(...body.chirps.map((c) => c.text));
    before = body.nextCursor;
    if (!before) break;
  }
  return texts;
}

async function converged(urls: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const sums = await Promise.all(urls.map(async (u) => JSON.parse((await call(`${u}/replication/checksum`)).text) as { sha256: string }));
    if (sums.every((s) => s.sha256 === sums[0]!.sha256)) return;
    await delay(50);
  }
  throw new Error('the surviving nodes did not converge within 15 s');
}

interface RunResult {
  windowMs: number;
  buckets: { ok: number; failed: number }[];
  acknowledged: number;
  lost: number;
  splitEpochs: number;
}

/** When the first write sent after `t` was acknowledged (a write in flight at the kill may still land just after it). */
function firstOkInvokedAfter(history: History, t: number): number | undefined {
  const invokedAt = new Map<number, number>();
  for (const e of history.events) {
    if (e.type === 'invoke') invokedAt.set(e.opId, e.time);
    else if (e.type === 'ok' && (invokedAt.get(e.opId) ?? 0) > t) return e.time;
  }
  return undefined;
}

const BUCKET_MS = 100;
const BEFORE_BUCKETS = 5;

async function errorWindowRun(codeDir: string, seed: number): Promise<RunResult> {
  const random = new Random(seed);
  const cluster = await startCluster(codeDir, `run${seed}`);
  const history = new History();
  const load = writeLoad(cluster, history, `run${seed}`);
  await delay(1000 + random.int(0, 500));
  const leader = cluster.nodes[0]!;
  if (values['kill-monitor']) cluster.others.at(-1)!.kill('SIGKILL');
  const killedAt = performance.now();
  leader.child.kill('SIGKILL');
  history.nemesis('kill', { node: leader.id });
  // Keep writing until writes have worked again for a second (or 10 s passed).
  const deadline = killedAt + 10_000;
  let recoveredAt: number | undefined;
  while (performance.now() < deadline) {
    recoveredAt ??= firstOkInvokedAfter(history, killedAt);
    if (recoveredAt !== undefined && performance.now() > recoveredAt + 1000) break;
    await delay(20);
  }
  await load.stop();
  const survivors = cluster.nodes.slice(1).map((n) => n.url);
  await converged(survivors);
  for (const url of survivors) await history.run('final', { op: 'final-read', node: url }, async () => ({ value: await allTexts(url), node: url }));
  const set = checkSet(history, { nodes: survivors });
  const epochs = checkOneWriterPerEpoch(history);
  for (const problem of [...set.problems, ...epochs.problems]) console.log(`    ${problem}`);
  const buckets = Array.from({ length: BEFORE_BUCKETS + 30 }, () => ({ ok: 0, failed: 0 }));
  for (const e of history.events) {
    if (e.type === 'invoke' || e.type === 'nemesis' || e.op !== 'write') continue;
    const i = Math.floor((e.time - killedAt) / BUCKET_MS) + BEFORE_BUCKETS;
    if (i >= 0 && i < buckets.length) buckets[i]![e.type === 'ok' ? 'ok' : 'failed']++;
  }
  await stopAll();
  return {
    windowMs: recoveredAt === undefined ? Infinity : recoveredAt - killedAt,
    buckets,
    acknowledged: set.counts.acknowledged ?? 0,
    lost: set.valid ? 0 : (set.counts.lost ?? 1),
    splitEpochs: epochs.valid ? 0 : (epochs.counts.splitEpochs ?? 1),
  };
}

async function pauseRun(codeDir: string, seed: number): Promise<void> {
  const random = new Random(seed);
  const cluster = await startCluster(codeDir, 'pauses');
  const history = new History();
  const load = writeLoad(cluster, history, 'pauses');
  const leader = cluster.nodes[0]!;
  const end = performance.now() + pauseSeconds * 1000;
  let pauses = 0;
  let longest = 0;
  while (performance.now() < end) {
    await delay(random.int(700, 1300));
    const ms = Math.round(failureTimeoutMs * (0.2 + 0.4 * random.next()));
    leader.child.kill('SIGSTOP');
    await delay(ms);
    leader.child.kill('SIGCONT');
    pauses++;
    longest = Math.max(longest, ms);
  }
  await load.stop();
  const state = JSON.parse((await call(`${cluster.monitor}/monitor/state`)).text) as { failovers: unknown[] };
  const ok = history.events.filter((e) => e.type === 'ok').length;
  console.log(`\nFalse alarms: ${pauseSeconds} s under load, ${pauses} pauses of the leader (longest ${longest} ms, timeout ${failureTimeoutMs} ms): ${state.failovers.length} failover(s); ${ok} writes acknowledged`);
  await stopAll();
}

const chapter = findChapter('06');
// Inside the chapter, so that the copy resolves the workspace's packages as src/ does.
const overlay = path.join(chapter.dir, '.lab', 'bench', String(process.pid));
const codeDir = values.solution ? writeSolutionOverlay(chapter, overlay) : path.join(chapter.dir, 'src');
try {
  const monitorsLine = monitorCount === 1 ? 'one monitor' : `${monitorCount} monitors (a majority votes)${values['kill-monitor'] ? ', one killed just before the leader' : ''}`;
  console.log(`Error window after SIGKILL of the leader: ${runs} runs, ${monitorsLine}, FAILURE_TIMEOUT_MS=${failureTimeoutMs}, probes every 100 ms, SYNC_REPLICAS=1, ${CLIENTS} writing clients`);
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await errorWindowRun(codeDir, firstSeed + i);
    results.push(result);
    console.log(`  seed ${firstSeed + i}: window ${result.windowMs.toFixed(0)} ms, ${result.acknowledged} writes acknowledged, ${result.lost} lost, ${result.splitEpochs} epochs with two writers`);
  }
  const windows = results.map((r) => r.windowMs).sort((a, b) => a - b);
  console.log(`Window: median ${percentile(windows, 50).toFixed(0)} ms, p90 ${percentile(windows, 90).toFixed(0)} ms, max ${windows.at(-1)!.toFixed(0)} ms`);
  console.log(`Acknowledged writes lost: ${results.reduce((n, r) => n + r.lost, 0)} of ${results.reduce((n, r) => n + r.acknowledged, 0)}; epochs with two writers: ${results.reduce((n, r) => n + r.splitEpochs, 0)}`);
  const median = results.find((r) => r.windowMs === windows[Math.floor((windows.length - 1) / 2)])!;
  console.log('\nWrites per 100 ms around the kill (median run): ok / failed or unknown');
  const last = median.buckets.findLastIndex((b) => b.ok + b.failed > 0);
  median.buckets.slice(0, last + 1).forEach((b, i) => {
    const from = (i - BEFORE_BUCKETS) * BUCKET_MS;
    console.log(`  ${String(from).padStart(5)} ms  ${String(b.ok).padStart(4)} ${String(b.failed).padStart(4)}  ${'#'.repeat(Math.ceil(b.ok / 5))}${'x'.repeat(Math.ceil(b.failed / 5))}`);
  });
  if (values.chart) {
    const shown = median.buckets.slice(0, last + 1);
    const title = `Writes per 100 ms around SIGKILL of the leader (median of ${runs} runs, ${monitorCount === 1 ? 'one monitor' : `${monitorCount} monitors`})`;
    writeFileSync(values.chart, await renderBucketChart({ title, bucketMs: BUCKET_MS, startMs: -BEFORE_BUCKETS * BUCKET_MS, buckets: shown, unit: 'writes', marks: [{ atMs: 0, label: 'SIGKILL' }, { atMs: median.windowMs, label: 'writes work again' }] }));
    console.log(`\nChart of the median run: ${values.chart}`);
  }
  if (pauseSeconds > 0) await pauseRun(codeDir, firstSeed);
} finally {
  await stopAll();
  for (const dir of [...dataDirs, overlay]) rmSync(dir, { recursive: true, force: true });
}
