// The router's experiment: read throughput through the router with 0, 1 and 2 followers behind
// it, beside the leader read directly. Every process is real and on loopback; each phase runs
// for a fixed time; everything started is stopped at the end.
//
//   npx tsx bench/router-reads.ts --solution            # reference nodes and router (solution/ over src/)
//   npx tsx bench/router-reads.ts                       # your code in src/
//   npx tsx bench/router-reads.ts --fake                # fake nodes (echo servers): the router alone
//        [--seconds 5] [--connections 16] [--chirps 500] [--rounds 2] [--chart file.svg]
//
// --chart writes an SVG of the run: reads/s per setup, the best round of each (as the table).
//
// What to expect on a small machine: a follower adds a process that can answer reads, but not
// a CPU. With 2 cores shared by the leader, the followers, the router and this load generator,
// the numbers show the router's cost and the limit of the machine more than the scaling a
// second server would bring. Run it where there are more cores than processes to see that.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { driveSteady, type Recorder, renderBarChart, summarise } from '@scaling-lab/grader/bench';
import { findChapter, writeSolutionOverlay } from '@scaling-lab/grader/course';

const { values } = parseArgs({
  options: {
    solution: { type: 'boolean', default: false },
    fake: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    chirps: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '2' },
    chart: { type: 'string' },
  },
});
// As short as 0.2 s for the course's smoke run; a real measurement wants seconds.
const seconds = Math.min(Math.max(Number(values.seconds), 0.2), 30);
const connections = Math.min(Math.max(Number(values.connections), 1), 64);
const chirps = Math.min(Math.max(Number(values.chirps), 1), 5000);
const rounds = Math.min(Math.max(Number(values.rounds), 1), 5);
const READ_PATH = '/api/chirps?limit=20';

const running: ChildProcess[] = [];
const scratch: string[] = [];

async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

async function start(name: string, args: string[], env: Record<string, string>): Promise<string> {
  const port = Number(env.PORT);
  const child = spawn(process.execPath, args, { env: { ...process.env, HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  running.push(child);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it listened`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true))).once('error', () => resolve(false));
    });
    if (open) return `http://127.0.0.1:${port}`;
    await delay(50);
  }
  throw new Error(`${name} did not listen on port ${port} within 15 s`);
}

async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  })));
}

type Json = any;
async function json(url: string, init?: RequestInit): Promise<Json> {
  return (await fetch(url, init)).json();
}

/** A node of the chapter (real) or a fake that answers like one (echo + headers). */
async function startNode(codeDir: string, id: string, role: 'leader' | 'follower', leaderUrl?: string): Promise<string> {
  const port = String(await freePort());
  if (values.fake) {
    const script = fileURLToPath(new URL('../../../grader/src/harness/fake-backend-server.mjs', import.meta.url));
    const url = await start(id, [script], { PORT: port, BACKEND_ID: id });
    const put = (body: unknown) => fetch(`${url}/__fake/behaviour`, { method: 'PUT', body: JSON.stringify(body) });
    await put({ headers: { 'x-chirp-node': id, 'x-chirp-position': String(chirps) } });
    await put({ path: '/healthz', body: { status: 'ok', instance: id, role, position: chirps } });
    return url;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `scaling-lab-bench-${id}-`));
  scratch.push(dataDir);
  const env: Record<string, string> = { PORT: port, DATA_DIR: dataDir, NODE_ID: id, ROLE: role };
  if (leaderUrl) env.LEADER_URL = leaderUrl;
  return start(id, ['--import', 'tsx', path.join(codeDir, 'node/main.ts')], env);
}

/** GET READ_PATH from `connections` connections for `durationMs`, driven by autocannon. */
function load(base: string, durationMs: number): Promise<Recorder> {
  return driveSteady({ url: `${base}${READ_PATH}`, connections, durationMs });
}

async function main(overlay: string): Promise<void> {
  const chapter = findChapter('05');
  const codeDir = values.solution ? writeSolutionOverlay(chapter, overlay) : path.join(chapter.dir, 'src');
  const leader = await startNode(codeDir, 'leader', 'leader');
  const followers = [await startNode(codeDir, 'f1', 'follower', leader), await startNode(codeDir, 'f2', 'follower', leader)];
  if (!values.fake) {
    for (let i = 0; i < chirps; i++) {
      await fetch(`${leader}/api/chirps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ author: `user_${i % 50}`, text: `chirp number ${i}, with some words to make it a realistic size` }) }).then((r) => r.arrayBuffer());
    }
    // Measure reads only once both followers have the whole log.
    const target = (await json(`${leader}/healthz`)).position;
    const deadline = Date.now() + 30_000;
    while (!(await Promise.all(followers.map(async (f) => (await json(`${f}/healthz`)).position >= target))).every(Boolean)) {
      if (Date.now() > deadline) throw new Error(`the followers did not reach position ${target} within 30 s`);
      await delay(100);
    }
  }
  const routerFor = async (count: number) => {
    const port = String(await freePort());
    return start(`router over ${count} follower(s)`, ['--import', 'tsx', path.join(codeDir, 'router/main.ts')], { PORT: port, LEADER_URL: leader, FOLLOWER_URLS: followers.slice(0, count).join(','), HEALTH_INTERVAL_MS: '200' });
  };
  // short: the label under the chart's bar, in two lines.
  const setups = [
    { label: 'leader, no router', short: 'leader\n(no router)', url: leader },
    { label: 'router, 0 followers (leader serves reads)', short: 'router,\n0 followers', url: await routerFor(0) },
    { label: 'router, 1 follower', short: 'router,\n1 follower', url: await routerFor(1) },
    { label: 'router, 2 followers', short: 'router,\n2 followers', url: await routerFor(2) },
  ];
  await delay(500); // the routers' first health checks
  console.error(`GET ${READ_PATH}, ${connections} connections, ${seconds} s per run, best of ${rounds}, ${values.fake ? 'fake nodes (echo servers)' : `${chirps} chirps`}, ${os.cpus().length} CPUs (${values.fake ? 'fake nodes, ' : ''}${values.solution ? 'reference' : 'your code'})`);
  const best = new Map<string, { rps: number; p50: number; p99: number; errors: number }>();
  // Interleaved rounds: a slow moment of the machine hits every setup alike.
  for (let round = 0; round < rounds; round++) {
    for (const setup of setups) {
      await load(setup.url, Math.min(1000, seconds * 1000)); // warm-up: JIT and connections
      const summary = summarise(await load(setup.url, seconds * 1000), 'duration');
      const row = { rps: summary.requestsPerSecond, p50: summary.latencyMs?.p50 ?? NaN, p99: summary.latencyMs?.p99 ?? NaN, errors: summary.requests - summary.responses };
      if (row.rps > (best.get(setup.label)?.rps ?? -1)) best.set(setup.label, row);
    }
  }
  console.log('| setup | reads/s | p50 ms | p99 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { label } of setups) {
    const r = best.get(label)!;
    console.log(`| ${label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
  }
  if (values.chart) {
    // The same numbers as the table (each setup's best round), so chart and table never disagree.
    const series = `GET ${READ_PATH}, best of ${rounds} round${rounds === 1 ? '' : 's'}`;
    mkdirSync(path.dirname(values.chart), { recursive: true }); // images/ may not exist yet
    writeFileSync(values.chart, await renderBarChart({
      title: `Reads through the router with 0, 1 and 2 followers${values.fake ? ' (fake nodes)' : ''}`,
      unit: 'reads/s',
      series: [series],
      groups: setups.map(({ label, short }) => ({ label: short, bars: [{ series, value: best.get(label)!.rps }] })),
      note: `${connections} connections, ${seconds} s a run, ${os.cpus().length} CPUs, ${values.fake ? 'fake nodes' : values.solution ? 'reference code' : 'your code'}`,
    }));
    console.error(`chart written to ${values.chart}`);
  }
}

const overlay = path.join(findChapter('05').dir, '.lab', 'bench', String(process.pid));
try {
  await main(overlay);
} finally {
  await stopAll();
  rmSync(overlay, { recursive: true, force: true });
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
}
