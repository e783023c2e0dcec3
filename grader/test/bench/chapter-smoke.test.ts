// A smoke run of each chapter's experiment on the reference solution, at a tiny duration: the
// programs start, the load runs, the tables print and the charts show the expected series.
// Numbers are not judged here (a shared machine makes them noise); shapes are.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../src/bench/cli.ts';
import { findBinary } from '../../src/bench/peers/peer.ts';
import { markLabels } from './svg-marks.ts';

const outDirs: string[] = [];
afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

async function smoke(chapter: string, ...extra: string[]): Promise<{ out: string; chart: (file: string) => Record<string, string>[] }> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), `bench-smoke-${chapter}-`));
  outDirs.push(outDir);
  let out = '';
  let err = '';
  const code = await runBench([chapter, '--solution', '--duration', '0.2', '--rounds', '1', '--out', outDir, ...extra], { out: (t) => (out += t), err: (t) => (err += t) });
  expect(code, err).toBe(0);
  return { out, chart: (file) => markLabels(readFileSync(path.join(outDir, file), 'utf8')) };
}

/** The distinct values of one field over a chart's marks. */
const values = (marks: Record<string, string>[], field: string) => [...new Set(marks.filter((m) => field in m).map((m) => m[field]))];

describe('npm run bench -- NN --solution (smoke, 0.2 s runs)', () => {
  it('01: one server at 1, 4 and 16 connections, then killed', async () => {
    const { out, chart } = await smoke('01');
    expect(out).toContain('| connections | requests/s | p50 ms | p90 ms | p99 ms |');
    expect(values(chart('throughput.svg'), 'connections')).toEqual(['1', '4', '16']);
    expect(values(chart('latency.svg'), 'series')).toEqual(['p50', 'p90', 'p99']);
    // After the kill nothing answers (before it, on a machine this busy, maybe little did).
    expect(values(chart('kill.svg'), 'outcome')).toContain('requests failed or unknown');
  }, 60_000);

  it('02: direct and through the proxy, at 1 and 8 connections, with their ratios', async () => {
    const { out, chart } = await smoke('02');
    expect(out).toMatch(/\| through the proxy ÷ direct \| 1 \| [\d.]+× \|/);
    expect(values(chart('throughput.svg'), 'setup')).toEqual(['direct', 'through the proxy']);
    expect(values(chart('throughput.svg'), 'connections')).toEqual(['1', '8']);
  }, 60_000);

  it('03: one app alone, the balancer over 1, 2 and 3 apps, and one app killed', async () => {
    const { out, chart } = await smoke('03');
    expect(out).toContain('| balancer over 3 apps | 3 |');
    const throughput = chart('throughput.svg');
    expect(values(throughput, 'setup')).toEqual(['no balancer', 'the balancer']);
    expect(values(throughput, 'backends')).toEqual(['1', '2', '3']);
    // With retries nothing may fail, and on a busy machine little may be answered: only the shape.
    expect(chart('kill.svg').every((m) => !('outcome' in m) || ['requests answered', 'requests failed or unknown'].includes(m.outcome!))).toBe(true);
  }, 60_000);

  it('04: skewed reads from SQLite, through the cache and through the edge', async () => {
    const { out, chart } = await smoke('04');
    expect(out).toContain('| setup | requests/s | p50 ms | p99 ms | requests no SQLite query answered | errors |');
    // The edge and the cache answer every read after the warm-up: the hit ratio is not noise.
    expect(out).toMatch(/\| cache-aside \(ours\) \| \d+ \| [\d.]+ \| [\d.]+ \| (9\d|100)\.\d% \| 0 \|/);
    const marks = chart('zipf-reads.svg');
    expect(values(marks, 'setup')).toEqual(['SQLite only', 'cache-aside\n(ours)', 'edge in front\nof cache-aside']);
    expect(values(marks, 'series')).toEqual(['round 1']);
    expect(marks.some((m) => 'p99 latency (ms)' in m)).toBe(true);
  }, 90_000);

  it('05: reads through the router with 0, 1 and 2 followers, then the replication lag', async () => {
    const { out, chart } = await smoke('05');
    expect(out).toContain('| router, 2 followers |');
    expect(out).toMatch(/async lag, 1 follower, \d+ writes/);
    expect(out).toMatch(/SYNC_REPLICAS=2, 2 followers, \d+ sequential writes: median [\d.]+ ms/);
    expect(values(chart('router-reads.svg'), 'setup')).toEqual(['leader\n(no router)', 'router,\n0 followers', 'router,\n1 follower', 'router,\n2 followers']);
  }, 120_000);

  it('06: the write window around a SIGKILL of the leader, with no acknowledged write lost', async () => {
    const { out, chart } = await smoke('06');
    expect(out).toMatch(/Acknowledged writes lost: 0 of \d+; epochs with two writers: 0/);
    const marks = chart('failover.svg');
    expect(values(marks, 'outcome')).toEqual(['writes answered', 'writes failed or unknown']);
    expect(values(marks, 'label')).toEqual(['SIGKILL', 'writes work again']);
  }, 90_000);

  // Only where nginx is installed: the course never depends on it.
  it.skipIf(!findBinary('nginx'))('02 --compare nginx: the same load through nginx, and the ratio', async () => {
    const { out, chart } = await smoke('02', '--compare', 'nginx');
    expect(out).toMatch(/\| through the proxy ÷ through nginx \| 8 \| [\d.]+× \|/);
    expect(values(chart('throughput.svg'), 'setup')).toEqual(['direct', 'through the proxy', 'through nginx']);
  }, 60_000);

  it.skipIf(!findBinary('haproxy'))('02 and 03 --compare haproxy: the same load through haproxy, and the ratios', async () => {
    const proxy = await smoke('02', '--compare', 'haproxy');
    expect(proxy.out).toMatch(/\| through the proxy ÷ through haproxy \| 8 \| [\d.]+× \|/);
    expect(values(proxy.chart('throughput.svg'), 'setup')).toEqual(['direct', 'through the proxy', 'through haproxy']);
    const balancer = await smoke('03', '--compare', 'haproxy');
    expect(balancer.out).toContain('| haproxy over 3 apps | 3 |');
    expect(values(balancer.chart('throughput.svg'), 'setup')).toEqual(['no balancer', 'the balancer', 'haproxy']);
  }, 120_000);

  it.skipIf(!findBinary('varnishd') || !findBinary('wrk'))('04 --compare varnish: a hit from the edge against a hit from Varnish', async () => {
    const { out } = await smoke('04', '--compare', 'varnish');
    expect(out).toMatch(/edge \/ varnish = [\d.]+/);
    expect(out).toContain('origin requests for /bench during the whole run: 2');
  }, 90_000);
});
