// Which load generator can drive more: the hand-written one (load.ts) or autocannon? Both send
// to the same bare node:http server (its own process, "ok" to every request) with 16
// connections, interleaved A B A B so a busy moment of the machine hits both alike, and the
// medians are printed. Run: npx tsx grader/src/bench/tools/judge-generators.ts [rounds] [seconds]
import autocannon from 'autocannon';
import { parseBenchArgs } from '../args.ts';
import { driveSteady } from '../drive.ts';
import { createAgent, runPhase } from '../load.ts';
import { summarise } from '../stats.ts';
import { freePort, start, stopAll } from '../stack.ts';

const rounds = Math.min(Number(process.argv[2] ?? 3), 7);
const seconds = Math.min(Number(process.argv[3] ?? 3), 10);
const CONNECTIONS = 16;

async function handWritten(url: string): Promise<{ rps: number; p50: number; p99: number }> {
  const parsed = parseBenchArgs(['--url', url, '--connections', String(CONNECTIONS)]);
  if (parsed.command !== 'run') throw new Error('unreachable');
  const agent = createAgent(parsed.options);
  try {
    const { recorder } = await runPhase(parsed.options, agent, seconds * 1000, Infinity);
    const summary = summarise(recorder, 'duration');
    return { rps: summary.requestsPerSecond, p50: summary.latencyMs!.p50, p99: summary.latencyMs!.p99 };
  } finally {
    agent.destroy();
  }
}

async function withAutocannon(url: string): Promise<{ rps: number; p50: number; p99: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
  return { rps: result.requests.total / seconds, p50: result.latency.p50, p99: result.latency.p99 };
}

/** What the scenarios use: autocannon drives, our Recorder keeps every hrtime latency. */
async function autocannonRecorded(url: string): Promise<{ rps: number; p50: number; p99: number }> {
  const summary = summarise(await driveSteady({ url, connections: CONNECTIONS, durationMs: seconds * 1000 }), 'duration');
  return { rps: summary.requestsPerSecond, p50: summary.latencyMs!.p50, p99: summary.latencyMs!.p99 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const port = await freePort();
  const server = "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT, '127.0.0.1')";
  await start('bare node:http', process.execPath, ['-e', server], { PORT: String(port) }, port);
  const url = `http://127.0.0.1:${port}/`;
  await handWritten(url); // warm-up of the server's JIT, not measured
  const rows: Record<string, { rps: number; p50: number; p99: number }[]> = { 'hand-written (load.ts)': [], 'autocannon (its histogram)': [], 'autocannon -> Recorder (drive.ts)': [] };
  for (let round = 0; round < rounds; round++) {
    rows['hand-written (load.ts)']!.push(await handWritten(url));
    rows['autocannon (its histogram)']!.push(await withAutocannon(url));
    rows['autocannon -> Recorder (drive.ts)']!.push(await autocannonRecorded(url));
  }
  console.log(`| generator (c=${CONNECTIONS}, ${rounds} x ${seconds} s, medians) | requests/s | p50 ms | p99 ms | runs (requests/s) |`);
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const [name, runs] of Object.entries(rows)) {
    const cell = (pick: (r: (typeof runs)[number]) => number, digits: number) => median(runs.map(pick)).toFixed(digits);
    console.log(`| ${name} | ${cell((r) => r.rps, 0)} | ${cell((r) => r.p50, 2)} | ${cell((r) => r.p99, 2)} | ${runs.map((r) => r.rps.toFixed(0)).join(', ')} |`);
  }
} finally {
  await stopAll();
}
