// T7's experiment: how long the public address answers nothing when its machine dies, and
// whether the keepers move it when the machine only pauses.
//
//   npx tsx bench/takeover.ts [--solution] [--runs 20] [--seed 1] [--interval 100] [--pause-seconds 60]
//                             [--chart file.svg]
//
// A machine is a balancer (a few lines of Node, run by `node -e`, that answers every request
// with {"balancer": "<name>"}) and the keeper beside it; the network (src/network) owns the
// public address. Four clients send GET / to the public address without pause, each on a fresh
// connection (as a client reconnects after a failure), giving up after 300 ms.
// 1. Takeover window, --runs seeded runs, each on fresh processes: once exactly one keeper is
//    master and the network gives the address to its balancer, and a seeded 0.7-1.2 s of load, the
//    master machine gets SIGKILL (keeper and balancer). The window is the time from the kill
//    until the first request sent after it is answered by the surviving balancer; the network's
//    accepted announcement is timed too. Prints median and p90 of both, and the median run's
//    answered and failed requests per 100 ms around the kill (--chart: as an SVG). No master
//    within 10 s of the start (the stub keeper never becomes one), or no answer from the
//    survivor within 10 s of the kill, fails the run: exit code 1.
// 2. No false takeovers, one run of --pause-seconds under the same load: the master machine is
//    paused with SIGSTOP for a seeded 20-60% of the master-down time (3 intervals) about once a
//    second. Prints how many announcements the network accepted after the first (correct: none).
// The seed replays this script's schedule; the keepers draw their own skew. Every process is
// started here on free loopback ports and stopped at the end, also on error or Ctrl-C.
import { type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { freePort, History, percentile, Random, renderBucketChart, start, startEntry, stopAll } from '@scaling-lab/grader/bench';
import { findChapter, writeSolutionOverlay } from '@scaling-lab/grader/course';

const { values } = parseArgs({
  options: {
    solution: { type: 'boolean', default: false },
    runs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    interval: { type: 'string', default: '100' },
    'pause-seconds': { type: 'string', default: '60' },
    chart: { type: 'string' },
  },
});
const runs = Math.min(Math.max(Number(values.runs), 1), 100);
const firstSeed = Number(values.seed);
const intervalMs = Math.min(Math.max(Number(values.interval), 10), 5000);
const pauseSeconds = Math.min(Math.max(Number(values['pause-seconds']), 0), 600);
const CLIENTS = 4;
const REQUEST_TIMEOUT_MS = 300;
/** How long a backup waits without an advert, before its skew (src/keeper/keeper.ts). */
const MASTER_DOWN_MS = 3 * intervalMs;
/** Hard cap on waiting for a master at the start, and for the survivor to answer after the kill. */
const CAP_MS = Math.max(10_000, 20 * intervalMs);
const BUCKET_MS = 100;
const BEFORE_BUCKETS = 5;

/** The balancer: every request answered 200 with its name, on a connection it then closes. */
const BALANCER = `require('node:http').createServer((req, res) => { req.resume(); res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ balancer: process.env.BALANCER_NAME })); }).listen(Number(process.env.PORT), '127.0.0.1');`;

/** An expected failure (no master, no takeover): printed without a stack, exit code 1. */
class TakeoverFailure extends Error {}

interface Machine {
  name: string;
  balancerUrl: string;
  keeperUrl: string;
  processes: ChildProcess[];
}

interface Cluster {
  network: string;
  publicUrl: string;
  machines: Machine[];
}

interface KeeperState {
  role?: unknown;
  epoch?: unknown;
}

interface NetworkState {
  owner: string | null;
  epoch: number;
  announcements: { owner: string; epoch: number; at: number; accepted: boolean }[];
}

/** Processes stopped by SIGSTOP right now: resumed before anything tries to stop them. */
const paused = new Set<ChildProcess>();

function signalMachine(machine: Machine, signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): void {
  for (const child of machine.processes) {
    child.kill(signal);
    if (signal === 'SIGSTOP') paused.add(child);
    else paused.delete(child);
  }
}

/** GET of a small JSON document; a fresh connection every time, so nothing is left open. */
function getJson<T>(url: string, timeoutMs: number): Promise<{ status: number; body: T | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        let body: T | undefined;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString()) as T;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

async function networkState(cluster: Cluster): Promise<NetworkState> {
  const { body } = await getJson<NetworkState>(`${cluster.network}/network/state`, 2000);
  if (!body) throw new Error('GET /network/state did not answer JSON');
  return body;
}

/** Distinct free ports (two calls of freePort() alone could return the same one). */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function startCluster(codeDir: string): Promise<Cluster> {
  const [networkPort, publicPort, ...ports] = await freePorts(6);
  await startEntry(codeDir, 'network/main.ts', { PORT: String(networkPort), PUBLIC_HOST: '127.0.0.1', PUBLIC_PORT: String(publicPort) });
  const network = `http://127.0.0.1:${networkPort}`;
  const keeperUrls = [0, 1].map((i) => `http://127.0.0.1:${ports[2 + i]}`);
  const machines = await Promise.all(
    ['a', 'b'].map(async (name, i) => {
      const balancerPort = ports[i]!;
      const balancer = await start(`balancer ${name}`, process.execPath, ['-e', BALANCER], { PORT: String(balancerPort), BALANCER_NAME: name }, balancerPort);
      const balancerUrl = `http://127.0.0.1:${balancerPort}`;
      const keeper = await startEntry(codeDir, 'keeper/main.ts', {
        PORT: String(ports[2 + i]),
        KEEPER_ID: `keeper-${name}`,
        BALANCER: balancerUrl,
        PEER: keeperUrls[1 - i]!,
        NETWORK: network,
        ADVERT_INTERVAL_MS: String(intervalMs),
      });
      return { name, balancerUrl, keeperUrl: keeperUrls[i]!, processes: [keeper, balancer] };
    }),
  );
  return { network, publicUrl: `http://127.0.0.1:${publicPort}`, machines };
}

/**
 * Polls until exactly one keeper is master, the network gives the address to its balancer and
 * the other is a backup in the same epoch: it has heard the master (or lost its own bid at the
 * start), so no announcement of the start-up can still arrive.
 */
async function settledMaster(cluster: Cluster): Promise<{ master: Machine; backup: Machine }> {
  const deadline = Date.now() + CAP_MS;
  let seen = '';
  while (Date.now() < deadline) {
    // A keeper that does not answer is nobody's master.
    const states = await Promise.all(
      cluster.machines.map((m) => getJson<KeeperState>(`${m.keeperUrl}/keeper/state`, 500).then((r) => r.body ?? {}, (): KeeperState => ({}))),
    );
    const network = await networkState(cluster);
    const i = states.findIndex((s) => s.role === 'master');
    const [master, backup] = [cluster.machines[i], cluster.machines[1 - i]];
    if (master && backup && states[1 - i]!.role === 'backup' && states[1 - i]!.epoch === states[i]!.epoch && network.owner === master.balancerUrl) return { master, backup };
    const keepers = cluster.machines.map((m, k) => (states[k]!.role === undefined ? `keeper ${m.name} not answering` : `keeper ${m.name} ${JSON.stringify(states[k]!.role)} in epoch ${JSON.stringify(states[k]!.epoch)}`));
    seen = `${keepers.join(', ')}; the network's owner: ${cluster.machines.find((m) => m.balancerUrl === network.owner)?.name ?? network.owner ?? 'nobody'}`;
    await delay(50);
  }
  const stub = values.solution ? '' : ` This ran your src/keeper/keeper.ts (the stub never makes a keeper master: is T7 done?); add --solution to measure the reference.`;
  throw new TakeoverFailure(`no single master within ${CAP_MS / 1000} s (last seen: ${seen}).${stub}`);
}

/** Clients that GET / on the public address until stopped, a fresh connection per request. */
function clientLoad(publicUrl: string, history: History) {
  let stopped = false;
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    while (!stopped) {
      const event = await history.run(`c${c}`, { op: 'get', node: publicUrl }, async () => {
        const { status, body } = await getJson<{ balancer?: unknown }>(`${publicUrl}/`, REQUEST_TIMEOUT_MS);
        if (status === 200 && typeof body?.balancer === 'string') return { node: body.balancer };
        return { outcome: 'info' as const, error: `status ${status}, body ${JSON.stringify(body)}` };
      });
      // A client backs off a little before it tries again, as a real one would.
      if (event.type !== 'ok') await delay(10);
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(clients);
    },
  };
}

interface RunResult {
  windowMs: number;
  /** From the kill to the network's accepted announcement of the survivor (undefined: none). */
  announcedMs: number | undefined;
  buckets: { ok: number; failed: number }[];
  requests: number;
  failed: number;
}

/** When the first request sent after `t` got an answer from `balancer`. */
function firstAnsweredBy(history: History, balancer: string, t: number): number | undefined {
  const invokedAt = new Map<number, number>();
  for (const e of history.events) {
    if (e.type === 'invoke') invokedAt.set(e.opId, e.time);
    else if (e.type === 'ok' && e.node === balancer && (invokedAt.get(e.opId) ?? 0) > t) return e.time;
  }
  return undefined;
}

async function takeoverRun(codeDir: string, seed: number): Promise<RunResult> {
  const random = new Random(seed);
  const cluster = await startCluster(codeDir);
  const { master, backup } = await settledMaster(cluster);
  const history = new History();
  const load = clientLoad(cluster.publicUrl, history);
  // At least the 500 ms the chart shows before the kill, and the clients' first ramp-up.
  await delay(random.int(700, 1200));
  const killedAt = performance.now();
  const killedWall = Date.now();
  signalMachine(master, 'SIGKILL');
  history.nemesis('kill', { node: master.name });
  // Keep the load on until the survivor has answered for a while (or the cap has passed).
  let answeredAt: number | undefined;
  while (performance.now() < killedAt + CAP_MS) {
    answeredAt ??= firstAnsweredBy(history, backup.name, killedAt);
    if (answeredAt !== undefined && performance.now() > answeredAt + 1000) break;
    await delay(20);
  }
  const stoppedAt = performance.now();
  await load.stop();
  const network = await networkState(cluster);
  const moved = network.announcements.find((a) => a.accepted && a.owner === backup.balancerUrl && a.at >= killedWall);
  if (answeredAt === undefined) {
    console.log(`    FAILED: no request sent after the kill of machine ${master.name} was answered by balancer ${backup.name} within ${CAP_MS / 1000} s; the network's owner is ${cluster.machines.find((m) => m.balancerUrl === network.owner)?.name ?? 'nobody'} in epoch ${network.epoch}`);
  }
  // Whole buckets only: the one the load stopped in would show a false dip at the end.
  const bucketCount = Math.min(BEFORE_BUCKETS + 30, Math.floor((stoppedAt - killedAt) / BUCKET_MS) + BEFORE_BUCKETS);
  const buckets = Array.from({ length: bucketCount }, () => ({ ok: 0, failed: 0 }));
  let requests = 0;
  let failed = 0;
  for (const e of history.events) {
    if (e.type === 'invoke' || e.type === 'nemesis') continue;
    requests++;
    if (e.type !== 'ok') failed++;
    const i = Math.floor((e.time - killedAt) / BUCKET_MS) + BEFORE_BUCKETS;
    if (i >= 0 && i < buckets.length) buckets[i]![e.type === 'ok' ? 'ok' : 'failed']++;
  }
  await stopAll();
  return { windowMs: answeredAt === undefined ? Infinity : answeredAt - killedAt, announcedMs: moved && moved.at - killedWall, buckets, requests, failed };
}

async function pauseRun(codeDir: string, seed: number): Promise<void> {
  const random = new Random(seed);
  const cluster = await startCluster(codeDir);
  const { master } = await settledMaster(cluster);
  const initial = (await networkState(cluster)).announcements.length;
  const history = new History();
  const load = clientLoad(cluster.publicUrl, history);
  const startedWall = Date.now();
  const end = performance.now() + pauseSeconds * 1000;
  let pauses = 0;
  let longest = 0;
  while (performance.now() < end) {
    await delay(random.int(700, 1300));
    const ms = Math.round(MASTER_DOWN_MS * (0.2 + 0.4 * random.next()));
    signalMachine(master, 'SIGSTOP');
    await delay(ms);
    signalMachine(master, 'SIGCONT');
    pauses++;
    longest = Math.max(longest, ms);
  }
  await load.stop();
  const network = await networkState(cluster);
  const later = network.announcements.slice(initial);
  const moves = later.filter((a) => a.accepted);
  const completions = history.events.filter((e) => e.type !== 'invoke' && e.type !== 'nemesis');
  const failed = completions.filter((e) => e.type !== 'ok').length;
  console.log(`\nNo false takeovers: ${pauseSeconds} s under load, ${pauses} pauses of machine ${master.name} (longest ${longest} ms; master down after ${MASTER_DOWN_MS} ms + skew)`);
  console.log(`  accepted announcements after the initial one: ${moves.length} (a correct keeper: 0); refused: ${later.length - moves.length}; the address is with ${cluster.machines.find((m) => m.balancerUrl === network.owner)?.name ?? 'nobody'} in epoch ${network.epoch}`);
  for (const a of later.slice(0, 5)) {
    console.log(`    +${((a.at - startedWall) / 1000).toFixed(1)} s: ${cluster.machines.find((m) => m.balancerUrl === a.owner)?.name} in epoch ${a.epoch}, ${a.accepted ? 'accepted' : 'refused'}`);
  }
  console.log(`  requests: ${completions.length}, failed or unknown: ${failed}`);
  await stopAll();
}

const chapter = findChapter('06');
// Inside the chapter, so that the copy resolves the workspace's packages as src/ does.
const overlay = path.join(chapter.dir, '.lab', 'bench', String(process.pid));
const codeDir = values.solution ? writeSolutionOverlay(chapter, overlay) : path.join(chapter.dir, 'src');

async function cleanUp(): Promise<void> {
  // A stopped process would not see SIGTERM until it runs again.
  for (const child of paused) child.kill('SIGCONT');
  paused.clear();
  await stopAll();
  rmSync(overlay, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

/** A window in ms; a run without a takeover has none. */
const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : `none within ${CAP_MS / 1000} s`);

try {
  console.log(`Takeover window after SIGKILL of the master machine: ${runs} runs, adverts every ${intervalMs} ms, ${CLIENTS} clients (a fresh connection per GET, ${REQUEST_TIMEOUT_MS} ms timeout)${values.solution ? ', reference keeper' : ''}`);
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await takeoverRun(codeDir, firstSeed + i);
    results.push(result);
    const announced = result.announcedMs === undefined ? 'none' : `+${result.announcedMs} ms`;
    console.log(`  seed ${firstSeed + i}: window ${ms(result.windowMs)}, announcement ${announced}, ${result.requests} requests, ${result.failed} failed or unknown`);
  }
  const windows = results.map((r) => r.windowMs).sort((a, b) => a - b);
  const announced = results.flatMap((r) => (r.announcedMs === undefined ? [] : [r.announcedMs])).sort((a, b) => a - b);
  console.log(`Window: median ${ms(percentile(windows, 50))}, p90 ${ms(percentile(windows, 90))}, max ${ms(windows.at(-1)!)}`);
  console.log(`Kill to accepted announcement: ${announced.length > 0 ? `median ${percentile(announced, 50)} ms, p90 ${percentile(announced, 90)} ms` : 'none'} (${announced.length} of ${runs} runs)`);
  console.log(`Requests: ${results.reduce((n, r) => n + r.requests, 0)}, failed or unknown: ${results.reduce((n, r) => n + r.failed, 0)}`);
  const median = results.find((r) => r.windowMs === windows[Math.floor((windows.length - 1) / 2)])!;
  const last = median.buckets.findLastIndex((b) => b.ok + b.failed > 0);
  console.log('\nRequests per 100 ms around the kill (median run): answered / failed or unknown');
  median.buckets.slice(0, last + 1).forEach((b, i) => {
    const from = (i - BEFORE_BUCKETS) * BUCKET_MS;
    console.log(`  ${String(from).padStart(5)} ms  ${String(b.ok).padStart(4)} ${String(b.failed).padStart(4)}  ${'#'.repeat(Math.ceil(b.ok / 5))}${'x'.repeat(Math.ceil(b.failed / 5))}`);
  });
  if (values.chart) {
    const title = `GET / per 100 ms around SIGKILL of the master (median of ${runs} runs)`;
    const marks = [{ atMs: 0, label: 'SIGKILL' }];
    const { announcedMs, windowMs } = median;
    // The two usually fall a few ms apart: one mark then, or their labels overlap.
    const apart = announcedMs !== undefined && (!Number.isFinite(windowMs) || windowMs - announcedMs >= 2 * BUCKET_MS);
    if (apart) marks.push({ atMs: announcedMs, label: 'address moved' });
    if (Number.isFinite(windowMs)) marks.push({ atMs: windowMs, label: apart || announcedMs === undefined ? 'survivor answers' : 'address moved, survivor answers' });
    writeFileSync(values.chart, await renderBucketChart({ title, bucketMs: BUCKET_MS, startMs: -BEFORE_BUCKETS * BUCKET_MS, buckets: median.buckets.slice(0, last + 1), unit: 'requests', marks }));
    console.log(`\nChart of the median run: ${values.chart}`);
  }
  if (pauseSeconds > 0) await pauseRun(codeDir, firstSeed);
  if (windows.some((w) => !Number.isFinite(w))) throw new TakeoverFailure(`${windows.filter((w) => !Number.isFinite(w)).length} of ${runs} runs had no takeover within ${CAP_MS / 1000} s (see FAILED above)`);
} catch (error) {
  if (!(error instanceof TakeoverFailure)) throw error;
  console.error(`\ntakeover: ${error.message}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
