// Chapter 02's experiment: what does the proxy cost? The same page of chirps straight from the
// backend and through the chapter's proxy (and, with --compare, through nginx or haproxy in
// the same place), at 1 and 8 connections, interleaved; the ratios are the result.
import os from 'node:os';
import { freePort } from '../stack.ts';
import { latencyChart, throughputChart } from './charts.ts';
import { type Measured, measureSetups, type Setup } from './measure.ts';
import { seedChirps, startProgram } from './programs.ts';
import { markdownTable, ms, ratio, rps } from './table.ts';
import type { Scenario } from './types.ts';

const CONNECTIONS = [1, 8];

export const chapter02: Scenario = {
  title: 'the cost of a proxy: direct to the backend against through it, at 1 and 8 connections',
  peers: ['nginx', 'haproxy'],
  async run(context) {
    const { options, log, peer } = context;
    const backend = await startProgram(context, 'backend');
    const proxy = await startProgram(context, 'main', { BACKEND_URL: backend.url });
    await seedChirps(proxy.url, 20); // through the proxy: the page of the lesson, about 3 KB
    const targets = [{ line: 'direct', base: backend.url }, { line: 'through the proxy', base: proxy.url }];
    if (peer) {
      const port = await freePort();
      await peer.startProxy([backend.url], port);
      targets.push({ line: `through ${peer.name}`, base: `http://127.0.0.1:${port}` });
    }
    const setups: (Setup & { line: string })[] = CONNECTIONS.flatMap((connections) =>
      targets.map((t) => ({ name: `${t.line}, ${connections} conn.`, line: t.line, url: `${t.base}/api/chirps`, connections })));
    const measured = await measureSetups(setups, options.rounds, options.durationMs, log);
    const find = (line: string, connections: number) => measured.find((m) => (m.setup as Setup & { line: string }).line === line && m.setup.connections === connections)!;
    const ratios = (line: string, base: string) => CONNECTIONS.map((c) => {
      const [a, b] = [find(line, c), find(base, c)];
      return [`${line} ÷ ${base}`, c, ratio(a.rps, b.rps), ratio(a.p50, b.p50), `${a.p50 >= b.p50 ? '+' : '−'}${ms(Math.abs(a.p50 - b.p50))}`, ratio(a.p99, b.p99)];
    });
    const ratioRows = [...ratios('through the proxy', 'direct'), ...(peer ? ratios('through the proxy', `through ${peer.name}`) : [])];
    const note = `GET /api/chirps (20 chirps), ${options.rounds} x ${options.durationMs / 1000} s per setup, ${os.cpus().length} CPUs${peer ? `, ${peer.name} with 1 worker` : ''}`;
    return {
      tables: [
        markdownTable('GET /api/chirps, direct and through a proxy (medians)', ['setup', 'connections', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'failed', 'runs (requests/s)'],
          measured.map((m: Measured) => [(m.setup as Setup & { line: string }).line, m.setup.connections, rps(m.rps), ms(m.p50), ms(m.p90), ms(m.p99), m.failed, m.runs.map(rps).join(', ')])),
        markdownTable('Ratios of the medians', ['ratio', 'connections', 'requests/s', 'p50', 'p50 difference (ms)', 'p99'], ratioRows),
      ],
      figures: [
        { file: 'throughput.svg', svg: await throughputChart('Direct and through a proxy: throughput against connections', 'connections', measured.map((m) => ({ line: (m.setup as Setup & { line: string }).line, x: m.setup.connections, measured: m })), note) },
        { file: 'latency.svg', svg: await latencyChart('Direct and through a proxy: latency percentiles', measured, note) },
      ],
    };
  },
};
