// The pieces of `npm run bench -- NN`: its command line, the interleaved order and medians, the
// tables, the line chart's series, peers that are missing, and the kill window's record.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { driveSteady } from '../../src/bench/drive.ts';
import { renderLineChart } from '../../src/bench/line-chart.ts';
import { findPeer } from '../../src/bench/peers/find-peer.ts';
import { nginxConfig } from '../../src/bench/peers/nginx.ts';
import { parseScenarioArgs } from '../../src/bench/scenario/args.ts';
import { killMidRun } from '../../src/bench/scenario/kill-window.ts';
import { interleavedOrder, measureSetups, median } from '../../src/bench/scenario/measure.ts';
import { runScenario } from '../../src/bench/scenario/run.ts';
import { markdownTable } from '../../src/bench/scenario/table.ts';
import { freePort, start, stopAll } from '../../src/bench/stack.ts';
import { markLabels } from './svg-marks.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await stopAll();
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('bench NN command line', () => {
  it('reads the chapter, the flags and their defaults', () => {
    expect(parseScenarioArgs(['2'])).toEqual({ command: 'scenario', options: { chapter: '02', solution: false, durationMs: 3000, rounds: 3 } });
    expect(parseScenarioArgs(['03', '--solution', '--duration', '0.2', '--rounds', '1', '--compare', 'nginx', '--out', 'x'])).toEqual({
      command: 'scenario',
      options: { chapter: '03', solution: true, durationMs: 200, rounds: 1, compare: 'nginx', outDir: 'x' },
    });
    expect(parseScenarioArgs(['02', '--help'])).toEqual({ command: 'help' });
  });

  it('refuses bad input with one line naming the flag', () => {
    expect(() => parseScenarioArgs(['02', '--duration', '61'])).toThrow(/--duration must be a number of seconds from 0.1 to 60/);
    expect(() => parseScenarioArgs(['02', '--rounds', '0'])).toThrow(/--rounds/);
    expect(() => parseScenarioArgs(['02', '--compare', 'apache'])).toThrow(/--compare must be one of nginx, haproxy/);
    expect(() => parseScenarioArgs(['02', '03'])).toThrow(/one chapter number/);
    expect(() => parseScenarioArgs(['02', '--url', 'x'])).toThrow(/--url/);
  });
});

describe('interleaving and medians', () => {
  it('runs every setup once per round, A B A B', () => {
    expect(interleavedOrder(['A', 'B'], 3)).toEqual(['A', 'B', 'A', 'B', 'A', 'B']);
  });

  it('takes the median, the mean of the middle two for an even count', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, Number.NaN]);
  });

  it('measures each setup in every round and counts 5xx answers as failed', async () => {
    const ok = await serve((_req, res) => res.end('ok'));
    const broken = await serve((_req, res) => {
      res.statusCode = 502;
      res.end('bad gateway');
    });
    const lines: string[] = [];
    const measured = await measureSetups([{ name: 'ok', url: ok, connections: 2 }, { name: 'broken', url: broken, connections: 2 }], 2, 200, (l) => lines.push(l));
    expect(lines.map((l) => l.replace(/: \d+ requests\/s/, ''))).toEqual(['round 1/2 · ok', 'round 1/2 · broken', 'round 2/2 · ok', 'round 2/2 · broken']);
    expect(measured.map((m) => m.runs.length)).toEqual([2, 2]);
    expect(measured[0]!.rps).toBeGreaterThan(0);
    expect(measured[0]!.failed).toBe(0);
    expect(measured[1]!.failed).toBeGreaterThan(0);
  });
});

describe('tables and the line chart', () => {
  it('writes a markdown table, numbers aligned right', () => {
    expect(markdownTable('T', ['setup', 'requests/s'], [['direct', '1,542']])).toBe('T\n\n| setup | requests/s |\n| --- | ---: |\n| direct | 1,542 |');
  });

  it('draws one point per measurement, named by its line', async () => {
    const svg = await renderLineChart({ title: 't', xTitle: 'backends', unit: 'requests/s', series: [{ name: 'ours', points: [{ x: 1, y: 100 }, { x: 2, y: 180 }] }, { name: 'nginx', points: [{ x: 1, y: 120 }] }] });
    const points = markLabels(svg).filter((m) => 'setup' in m && 'backends' in m).map((m) => [m.setup, Number(m.backends), Number(m['requests/s'])]);
    expect(points).toEqual(expect.arrayContaining([['ours', 1, 100], ['ours', 2, 180], ['nginx', 1, 120]]));
  });
});

describe('peers', () => {
  it('says how to install a missing peer, and the run ends as a success', async () => {
    const lookup = findPeer('varnish', '');
    if ('missing' in lookup) expect(lookup.missing).toMatch(/apt-get install varnish.*brew install varnish/);
    let err = '';
    const code = await runScenario({ chapter: '02', solution: true, durationMs: 100, rounds: 1, compare: 'nginx' }, { out: () => {}, err: (t) => (err += t) }, () => ({ missing: 'nginx is not installed, so the comparison is skipped.' }));
    expect(code).toBe(0);
    expect(err).toContain('nginx is not installed');
  });

  it('writes an nginx config on loopback with its files in the given folder', () => {
    const config = nginxConfig('/tmp/x', ['http://127.0.0.1:4001', 'http://127.0.0.1:4002'], 8080);
    expect(config).toContain('listen 127.0.0.1:8080;');
    expect(config).toContain('server 127.0.0.1:4001;\n    server 127.0.0.1:4002;');
    expect(config).toContain('pid /tmp/x/nginx.pid;');
    expect(config).toContain('keepalive 64;');
  });
});

describe('the kill window', () => {
  it('records answers per 100 ms until the kill, failures after it', async () => {
    const port = await freePort();
    const server = "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT, '127.0.0.1')";
    const child = await start('tiny server', process.execPath, ['-e', server], { PORT: String(port) }, port);
    const window = await killMidRun(`http://127.0.0.1:${port}/`, 2, 1000, child);
    expect(window.killAtMs).toBe(500);
    expect(window.buckets).toHaveLength(10);
    const before = window.buckets.slice(0, 5);
    // Totals, not every bucket: on a busy machine one 100 ms slice can pass with nothing done.
    expect(before.reduce((n, b) => n + b.ok, 0)).toBeGreaterThan(0);
    expect(before.map((b) => b.failed)).toEqual([0, 0, 0, 0, 0]);
    expect(window.failedAfterKill).toBeGreaterThan(0);
    expect(window.buckets.slice(7).map((b) => b.ok)).toEqual([0, 0, 0]);
  });
});

describe('chapters 04-06: their bench scripts as scenarios', () => {
  it('runs each step with --solution and its flags, prints its output and reads its chart back', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { scriptScenario } = await import('../../src/bench/scenario/script-scenario.ts');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-script-'));
    try {
      // A stand-in for chapters/NN/bench/x.ts: echoes its flags, draws a "chart" when asked.
      writeFileSync(path.join(dir, 'x.mts'), "const i = process.argv.indexOf('--chart');\nif (i > 0) (await import('node:fs')).writeFileSync(process.argv[i + 1]!, '<svg>x</svg>');\nconsole.log('| flags |', process.argv.slice(2).filter((a) => !a.startsWith('/')).join(' '));\n");
      const scenario = scriptScenario(() => dir, 't', ['redis-server'], [
        { script: 'x.mts', figure: 'x.svg', args: (o, chart) => ['--seconds', String(o.durationMs / 1000), '--chart', chart!] },
        { script: 'x.mts', onlyWith: 'redis-server', args: () => ['--peer'] },
      ]);
      const result = await scenario.run({ options: { chapter: '04', solution: true, durationMs: 200, rounds: 1 }, codeDir: dir, entries: {}, log: () => {} });
      expect(result.tables).toEqual(['x.mts --solution --seconds 0.2 --chart <out>/x.svg\n\n| flags | --solution --seconds 0.2 --chart']);
      expect(result.figures).toEqual([{ file: 'x.svg', svg: '<svg>x</svg>' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('table cells', () => {
  it('write n/a for a ratio or a latency that was not measured', async () => {
    const { ms, ratio, rps } = await import('../../src/bench/scenario/table.ts');
    expect([ratio(843, 5394), ratio(1, 0), ratio(Number.NaN, 2), ms(0.5812), ms(Number.NaN), rps(18070.4)]).toEqual(['0.16×', 'n/a', 'n/a', '0.581', 'n/a', '18,070']);
  });
});

describe('driveSteady', () => {
  it('sends each request to the path chosen for it, and counts every response the server sent', async () => {
    const seen = new Map<string, number>();
    const url = await serve((req, res) => {
      seen.set(req.url!, (seen.get(req.url!) ?? 0) + 1);
      res.end('ok');
    });
    let n = 0;
    const all = { count: 0 };
    const recorder = await driveSteady({ url, connections: 4, durationMs: 300, path: () => (n++ % 3 === 0 ? '/a?x=1' : '/b'), allResponses: all });
    const served = [...seen.values()].reduce((a, b) => a + b, 0);
    expect([...seen.keys()].sort()).toEqual(['/a?x=1', '/b']);
    // Twice as many /b as /a, give or take the requests in flight at the end.
    expect(seen.get('/b')! / seen.get('/a?x=1')!).toBeCloseTo(2, 0);
    // The recorder keeps only what came back before the deadline; the count keeps everything.
    expect(all.count).toBeGreaterThanOrEqual(recorder.perSecond.reduce((sum, s) => sum + s.responses, 0));
    expect(served - all.count).toBeLessThanOrEqual(4);
  });

  it('refuses a target outside loopback before sending anything', async () => {
    await expect(driveSteady({ url: 'http://10.0.0.1:80/', connections: 1, durationMs: 100 })).rejects.toThrow(/refusing to send load to "10.0.0.1"/);
  });
});
