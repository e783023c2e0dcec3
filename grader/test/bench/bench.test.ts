// bench, the lessons' load generator: argument checks, loopback refusal, percentile maths, and
// runs against small node:http servers started here (counts, errors by kind, time bounds).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../src/bench/args.ts';
import { runBench } from '../../src/bench/cli.ts';
import { isLoopbackAddress } from '../../src/bench/loopback.ts';
import type { BenchReport } from '../../src/bench/render.ts';
import { percentile, summariseLatencies } from '../../src/bench/stats.ts';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function bench(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runBench(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

async function benchJson(...argv: string[]): Promise<BenchReport> {
  const run = await bench(...argv, '--json');
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as BenchReport;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('percentiles', () => {
  it('uses the nearest rank: p50 of 1..100 is 50, p90 is 90, p99 is 99', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 90), percentile(values, 99), percentile(values, 100)]).toEqual([50, 90, 99, 100]);
  });

  it('always answers a measured value, rounding the rank up', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow();
  });

  it('sorts latencies as numbers, not as text', () => {
    const summary = summariseLatencies([10, 9, 100, 1]);
    expect(summary).toMatchObject({ count: 4, p50: 9, p90: 100, max: 100, mean: 30 });
    expect(summariseLatencies([])).toBeNull();
  });
});

describe('flags', () => {
  it('has defaults: 1 connection, 5 s, GET, no warm-up', () => {
    const parsed = parseBenchArgs(['--url', 'http://127.0.0.1:3000/api/chirps']);
    expect(parsed).toMatchObject({ command: 'run', options: { connections: 1, durationMs: 5000, method: 'GET', warmupMs: 0, json: false } });
  });

  it('sends a body as JSON unless a content-type header says otherwise', () => {
    const json = parseBenchArgs(['--url', 'http://127.0.0.1:1/', '--method', 'post', '--body', '{}']);
    expect(json).toMatchObject({ options: { method: 'POST', headers: { 'content-type': 'application/json' } } });
    const text = parseBenchArgs(['--url', 'http://127.0.0.1:1/', '--body', 'x', '--header', 'Content-Type: text/plain', '--header', 'x-a: 1']);
    expect(text).toMatchObject({ options: { headers: { 'content-type': 'text/plain', 'x-a': '1' } } });
  });

  const mistakes: [string[], RegExp][] = [
    [[], /--url is required/],
    [['--url', 'not a url'], /is not a URL/],
    [['--url', 'ftp://127.0.0.1/'], /http:\/\/ or https:\/\//],
    [['--url', 'http://127.0.0.1:1/', '--connections', '0'], /--connections must be a whole number from 1 to 256, got "0"/],
    [['--url', 'http://127.0.0.1:1/', '--connections', '257'], /--connections .* got "257"/],
    [['--url', 'http://127.0.0.1:1/', '--connections', '4x'], /--connections .* got "4x"/],
    [['--url', 'http://127.0.0.1:1/', '--duration', '61'], /--duration must be a number from 0.1 to 60, got "61"/],
    [['--url', 'http://127.0.0.1:1/', '--duration', '-1'], /--duration/],
    [['--url', 'http://127.0.0.1:1/', '--requests', '1000001'], /--requests .* 1000000/],
    [['--url', 'http://127.0.0.1:1/', '--warmup', '11'], /--warmup/],
    [['--url', 'http://127.0.0.1:1/', '--timeout', '1.5'], /--timeout must be a whole number/],
    [['--url', 'http://127.0.0.1:1/', '--method', 'BREW'], /--method must be one of/],
    [['--url', 'http://127.0.0.1:1/', '--header', 'no colon'], /--header must look like 'name: value'/],
    [['--url', 'http://127.0.0.1:1/', '--header', 'content-length: 3'], /set by bench itself/],
    [['--url', 'http://127.0.0.1:1/', '--conections', '4'], /--conections/],
    [['--url', 'http://127.0.0.1:1/', 'extra'], /extra/],
  ];
  for (const [argv, message] of mistakes) {
    it(`refuses ${JSON.stringify(argv.slice(2).length ? argv.slice(2) : argv)} with one clear line and exit code 2`, async () => {
      const run = await bench(...argv);
      expect(run.code).toBe(2);
      expect(run.out).toBe('');
      expect(run.err).toMatch(message);
      expect(run.err).not.toMatch(/\n\s+at /);
    });
  }

  it('prints its usage with --help and exit code 0', async () => {
    const run = await bench('--help');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/--connections/);
  });
});

describe('loopback only', () => {
  for (const url of ['http://example.com/', 'http://10.0.0.1:3000/', 'http://0.0.0.0:3000/', 'http://128.0.0.1/', 'http://[::2]/', 'http://[::ffff:10.0.0.1]/', 'http://127.0.0.1.nip.io/', 'http://localhost.example.com/']) {
    it(`refuses ${url} with exit code 2, before sending anything`, async () => {
      const run = await bench('--url', url, '--duration', '0.1');
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/refusing to send load to/);
    });
  }

  it('accepts 127.0.0.0/8, localhost and ::1 in their usual spellings', () => {
    for (const url of ['http://127.0.0.1:3000/', 'http://127.4.5.6/', 'http://localhost:3000/', 'http://LOCALHOST/', 'http://[::1]:3000/', 'http://0x7f.1/', 'https://127.0.0.1:8443/']) {
      expect(parseBenchArgs(['--url', url]).command).toBe('run');
    }
    expect(['127.0.0.1', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:7f00:1', '::ffff:127.9.9.9'].every(isLoopbackAddress)).toBe(true);
    expect(['10.0.0.1', '::', '::2', '::ffff:a00:1', 'localhost', '1.127.0.0'].some(isLoopbackAddress)).toBe(false);
  });
});

describe('a run', () => {
  it('counts every request and every status exactly as the server saw them', async () => {
    const seen = new Map<number, number>();
    let total = 0;
    const url = await serve((_req, res) => {
      total++;
      const status = total % 4 === 0 ? 503 : 200;
      seen.set(status, (seen.get(status) ?? 0) + 1);
      res.writeHead(status, { 'content-type': 'text/plain' }).end('hello');
    });
    const report = await benchJson('--url', `${url}/x`, '--connections', '3', '--requests', '120', '--duration', '30');
    expect(total).toBe(120);
    expect(report).toMatchObject({ requests: 120, responses: 120, stoppedBy: 'requests', errors: { refused: 0, reset: 0, timeout: 0, other: 0 } });
    expect(report.statuses).toEqual(Object.fromEntries([...seen].map(([s, n]) => [String(s), n])));
    expect(report.latencyMs?.count).toBe(120);
    expect(report.latencyMs!.p50).toBeLessThanOrEqual(report.latencyMs!.p99);
    expect(report.latencyMs!.p99).toBeLessThanOrEqual(report.latencyMs!.max);
    const perSecond = report.perSecond.reduce((sum, b) => sum + b.responses + b.errors, 0);
    expect(perSecond).toBe(120);
    // Keep-alive: three loops, three connections, reused for all 120 requests.
    expect(report.connectionsOpened).toBeGreaterThanOrEqual(1);
    expect(report.connectionsOpened).toBeLessThanOrEqual(3);
  });

  it('sends the method, headers and body it is given', async () => {
    const received: { method?: string; type?: string; extra?: string; body: string }[] = [];
    const url = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method, type: req.headers['content-type'], extra: String(req.headers['x-lab']), body: Buffer.concat(chunks).toString() });
        res.writeHead(201).end();
      });
    });
    const body = '{"author":"ada","text":"hi 🐦"}';
    const report = await benchJson('--url', url, '--method', 'POST', '--body', body, '--header', 'x-lab: yes', '--requests', '5');
    expect(report.statuses).toEqual({ '201': 5 });
    expect(received).toEqual(Array(5).fill({ method: 'POST', type: 'application/json', extra: 'yes', body }));
  });

  it('counts refused connections as errors of kind "refused", and still exits 0', async () => {
    const report = await benchJson('--url', `http://127.0.0.1:${await closedPort()}/`, '--duration', '0.3', '--connections', '2');
    expect(report.responses).toBe(0);
    expect(report.errors.refused).toBeGreaterThan(0);
    expect(report.requests).toBe(report.errors.refused);
    expect(report.latencyMs).toBeNull();
  });

  it('counts connections closed mid-request as "reset"', async () => {
    const url = await serve((req) => req.socket.destroy());
    const report = await benchJson('--url', url, '--requests', '10');
    expect(report.errors).toEqual({ refused: 0, reset: 10, timeout: 0, other: 0 });
  });

  it('gives up on a request after --timeout, as a "timeout"', async () => {
    const url = await serve(() => {}); // never answers
    const started = performance.now();
    const report = await benchJson('--url', url, '--duration', '0.2', '--timeout', '300', '--connections', '2');
    expect(report.errors.timeout).toBe(2);
    expect(report.responses).toBe(0);
    // Generous: the run is bounded by duration + timeout, not by the server.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('stops at the end of --duration, with a closed loop of one request per connection', async () => {
    const url = await serve((_req, res) => {
      setTimeout(() => res.end('slow'), 25);
    });
    const started = performance.now();
    const report = await benchJson('--url', url, '--duration', '0.5', '--connections', '2');
    const wall = performance.now() - started;
    expect(report.stoppedBy).toBe('duration');
    expect(report.perSecond).toHaveLength(1);
    expect(report.elapsedMs).toBeGreaterThanOrEqual(500);
    expect(wall).toBeLessThan(10_000);
    // Each connection waits ~25 ms per answer: at most 2 x (500 / 25) requests, plus the last in flight.
    expect(report.responses).toBeGreaterThan(0);
    expect(report.responses).toBeLessThanOrEqual(2 * (500 / 25 + 1));
    expect(report.latencyMs!.p50).toBeGreaterThanOrEqual(20);
  });

  it('shows a server that dies mid-run: answers first, then only errors', async () => {
    const url = await serve((_req, res) => res.end('ok'));
    const server = servers.at(-1)!;
    // The scenario itself, not synchronisation: the server goes away half a second in.
    const kill = setTimeout(() => {
      server.close();
      server.closeAllConnections();
    }, 500);
    try {
      const report = await benchJson('--url', url, '--duration', '1.2', '--connections', '2');
      expect(report.responses).toBeGreaterThan(0);
      expect(report.errors.refused).toBeGreaterThan(0);
      expect(report.perSecond[0]!.responses).toBeGreaterThan(0);
      expect(report.perSecond.at(-1)).toMatchObject({ responses: 0 });
      expect(report.perSecond.at(-1)!.errors).toBeGreaterThan(0);
    } finally {
      clearTimeout(kill);
    }
  });

  it('prints a readable summary without --json', async () => {
    const url = await serve((_req, res) => res.end('ok'));
    const run = await bench('--url', url, '--requests', '20', '--warmup', '0.1');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/throughput +[\d.]+ requests\/s \(20 responses/);
    expect(run.out).toMatch(/latency +p50 [\d.]+ ms · p90 [\d.]+ ms · p99 [\d.]+ ms · max [\d.]+ ms/);
    expect(run.out).toMatch(/status +200: 20/);
    expect(run.out).toMatch(/errors +none/);
  });
});
