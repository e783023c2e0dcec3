// Chapter 01's experiment: one Chirp server, a page of 20 chirps read at 1, 4 and 16
// connections (throughput flattens, latency grows with the queue), then the server killed
// mid-run: every request after the kill fails, the single point of failure made visible.
import os from 'node:os';
import { ms, markdownTable, rps } from './table.ts';
import { latencyChart, throughputChart } from './charts.ts';
import { killChart, killMidRun } from './kill-window.ts';
import { measureSetups } from './measure.ts';
import { seedChirps, startProgram } from './programs.ts';
import type { Scenario } from './types.ts';

const CONNECTIONS = [1, 4, 16];

export const chapter01: Scenario = {
  title: 'one server: reads at 1, 4 and 16 connections, then a kill',
  peers: [],
  async run(context) {
    const { options, log } = context;
    const app = await startProgram(context, 'main');
    await seedChirps(app.url, 25);
    const page = `${app.url}/api/chirps?limit=20`;
    const setups = CONNECTIONS.map((connections) => ({ name: `${connections} connection${connections === 1 ? '' : 's'}`, url: page, connections }));
    const measured = await measureSetups(setups, options.rounds, options.durationMs, log);
    log('killing the server half way through a run of 4 connections');
    const window = await killMidRun(page, 4, Math.max(1000, 2 * options.durationMs), app.process);
    const note = `GET /api/chirps?limit=20, ${options.rounds} x ${options.durationMs / 1000} s per setup, ${os.cpus().length} CPUs`;
    return {
      tables: [
        markdownTable('One server, a page of 20 chirps (medians)', ['connections', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'failed', 'runs (requests/s)'],
          measured.map((m) => [m.setup.connections, rps(m.rps), ms(m.p50), ms(m.p90), ms(m.p99), m.failed, m.runs.map(rps).join(', ')])),
        markdownTable('Killed with SIGKILL half way through (4 connections)', ['requests', 'answered', 'failed'],
          [['before the kill', window.buckets.slice(0, window.killAtMs / 100).reduce((n, b) => n + b.ok, 0), window.buckets.slice(0, window.killAtMs / 100).reduce((n, b) => n + b.failed, 0)],
            ['after the kill', window.okAfterKill, window.failedAfterKill]]),
      ],
      figures: [
        { file: 'throughput.svg', svg: await throughputChart('One server: throughput against connections', 'connections', measured.map((m) => ({ line: 'one server', x: m.setup.connections, measured: m })), note) },
        { file: 'latency.svg', svg: await latencyChart('One server: latency percentiles by connections', measured, note) },
        { file: 'kill.svg', svg: await killChart('One server killed mid-run: every request after it fails', window) },
      ],
    };
  },
};
