// Chapter 03's experiment: throughput as backends are added. Three apps that each spend 2 ms of
// CPU per request; one app alone, then the chapter's balancer over 1, 2 and 3 of them (and,
// with --compare, nginx or haproxy over the same apps), 16 connections, interleaved. Then one
// of three apps is killed mid-run: with retries and health checks, few requests fail.
import os from 'node:os';
import { freePort } from '../stack.ts';
import { latencyChart, throughputChart } from './charts.ts';
import { killChart, killMidRun } from './kill-window.ts';
import { measureSetups, type Setup } from './measure.ts';
import { startProgram } from './programs.ts';
import { markdownTable, ms, ratio, rps } from './table.ts';
import type { Scenario } from './types.ts';

const CONNECTIONS = 16;
const APPS = 3;

type Row = Setup & { line: string; backends: number };

export const chapter03: Scenario = {
  title: 'throughput as backends are added (16 connections, WORK_MS=2), then one app killed',
  peers: ['nginx', 'haproxy'],
  async run(context) {
    const { options, log, peer } = context;
    // Started side by side: each is a Node process with tsx, a second or two to listen.
    const apps = await Promise.all(Array.from({ length: APPS }, () => startProgram(context, 'app', { WORK_MS: '2' })));
    const counts = Array.from({ length: APPS }, (_, i) => i + 1);
    const balancers = await Promise.all(counts.map((n) => startProgram(context, 'main', { BACKENDS: apps.slice(0, n).map((a) => a.url).join(',') })));
    // The kill gets a balancer of its own with quick health checks, over the same three apps.
    const watched = await startProgram(context, 'main', { BACKENDS: apps.map((a) => a.url).join(','), HEALTH_INTERVAL_MS: '200', HEALTH_FALL: '2' });
    const setups: Row[] = [{ name: 'one app, no balancer', line: 'no balancer', backends: 1, url: `${apps[0]!.url}/api/chirps`, connections: CONNECTIONS }];
    for (const n of counts) {
      const plural = `${n} app${n === 1 ? '' : 's'}`;
      setups.push({ name: `balancer over ${plural}`, line: 'the balancer', backends: n, url: `${balancers[n - 1]!.url}/api/chirps`, connections: CONNECTIONS });
      if (peer) {
        const port = await freePort();
        await peer.startProxy(apps.slice(0, n).map((a) => a.url), port);
        setups.push({ name: `${peer.name} over ${plural}`, line: peer.name, backends: n, url: `http://127.0.0.1:${port}/api/chirps`, connections: CONNECTIONS });
      }
    }
    const measured = await measureSetups(setups, options.rounds, options.durationMs, log);
    const rowOf = (m: (typeof measured)[number]) => m.setup as Row;
    const alone = measured[0]!;
    log('killing one of three apps half way through a run through the balancer');
    const window = await killMidRun(`${watched.url}/api/chirps`, 8, Math.max(1000, 2 * options.durationMs), apps[APPS - 1]!.process);
    // With a peer: the balancer's medians over the peer's, backend count by backend count.
    const against = peer
      ? [markdownTable(`The balancer ÷ ${peer.name} (medians)`, ['backends', 'requests/s', 'p50', 'p99'], counts.map((n) => {
          const [ours, theirs] = ['the balancer', peer.name].map((line) => measured.find((m) => rowOf(m).line === line && rowOf(m).backends === n)!);
          return [n, ratio(ours!.rps, theirs!.rps), ratio(ours!.p50, theirs!.p50), ratio(ours!.p99, theirs!.p99)];
        }))]
      : [];
    const note = `GET /api/chirps, WORK_MS=2, ${CONNECTIONS} connections, ${options.rounds} x ${options.durationMs / 1000} s per setup, ${os.cpus().length} CPUs`;
    return {
      tables: [
        markdownTable('Throughput as backends are added (medians)', ['setup', 'backends', 'requests/s', '÷ one app alone', 'p50 ms', 'p90 ms', 'p99 ms', 'failed', 'runs (requests/s)'],
          measured.map((m) => [m.setup.name, rowOf(m).backends, rps(m.rps), ratio(m.rps, alone.rps), ms(m.p50), ms(m.p90), ms(m.p99), m.failed, m.runs.map(rps).join(', ')])),
        ...against,
        markdownTable('One of three apps killed with SIGKILL half way through (8 connections, health checks every 200 ms)', ['requests', 'answered', 'failed'],
          [['after the kill', window.okAfterKill, window.failedAfterKill]]),
      ],
      figures: [
        { file: 'throughput.svg', svg: await throughputChart('Throughput as backends are added', 'backends', measured.map((m) => ({ line: rowOf(m).line, x: rowOf(m).backends, measured: m })), note) },
        { file: 'latency.svg', svg: await latencyChart('Latency percentiles as backends are added', measured, note) },
        { file: 'kill.svg', svg: await killChart('One of three apps killed behind the balancer', window) },
      ],
    };
  },
};
