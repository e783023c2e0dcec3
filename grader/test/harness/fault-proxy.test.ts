// The fault proxy for real: a real proxy process between this test and real servers (an
// in-process TCP echo for byte-level checks, a fake backend process for HTTP and kills).
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../../src/harness/fake-backend.ts';
import { FaultProxy, type FaultProxyOptions } from '../../src/harness/faults/fault-proxy.ts';
import { History } from '../../src/harness/faults/history.ts';
import { request } from '../../src/harness/http-client.ts';
import { pollUntil } from '../../src/harness/poll.ts';
import { allocatePort } from '../../src/harness/ports.ts';

let echo: net.Server;
let echoPort: number;
let backend: FakeBackend;

beforeAll(async () => {
  echoPort = await allocatePort();
  // Echoes every byte and half-closes when the client does.
  echo = net.createServer({ allowHalfOpen: true }, (socket) => socket.on('error', () => {}).pipe(socket));
  await new Promise<void>((resolve) => echo.listen(echoPort, '127.0.0.1', resolve));
  backend = await FakeBackend.start('n1');
});
afterAll(async () => {
  echo.close();
  await backend.component.stop();
});

// What a test starts, it stops (outside describeTask nothing does it for us).
const started: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((component) => component.stop()));
});
async function startProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const proxy = await FaultProxy.start(options);
  started.push(proxy);
  return proxy;
}
async function startBackend(id: string): Promise<FakeBackend> {
  const fake = await FakeBackend.start(id);
  started.push(fake.component);
  return fake;
}

/** Opens a raw connection and collects what comes back. */
async function connect(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  const chunks: Buffer[] = [];
  const state = {
    get data() {
      return Buffer.concat(chunks);
    },
    ended: false,
    closed: false,
    error: undefined as string | undefined,
  };
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('end', () => (state.ended = true));
  socket.on('error', (error: NodeJS.ErrnoException) => (state.error = error.code));
  socket.on('close', () => (state.closed = true));
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, state };
}

describe('FaultProxy', () => {
  it('forwards HTTP and streams a large transfer with a half-close, in order, under jittered latency', async () => {
    const proxy = await startProxy({ target: backend.url, name: 'n1' });
    const res = await request(`${proxy.url}/hello`);
    expect(res.json()).toMatchObject({ backend: 'n1', url: '/hello' });

    await proxy.target(echoPort);
    await proxy.latency(3, { jitterMs: 3 });
    // 8 MiB that a reordered, lost or duplicated chunk would change.
    const payload = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 4) payload.writeUInt32LE(i, i);
    const { socket, state } = await connect(proxy.port);
    socket.end(payload);
    await pollUntil(() => state.ended, { what: 'the echo to end', timeoutMs: 20_000 });
    expect(state.data.length).toBe(payload.length);
    expect(state.data.equals(payload)).toBe(true);
    const { counts } = await proxy.events();
    expect(counts.bytesToTarget).toBeGreaterThanOrEqual(payload.length);
  });

  it('adds measurable latency, one way or both', async () => {
    const proxy = await startProxy({ target: backend.port });
    await proxy.latency(200, { direction: 'to-target' });
    let begun = performance.now();
    await request(`${proxy.url}/slow`);
    expect(performance.now() - begun).toBeGreaterThanOrEqual(195);
    await proxy.latency(150);
    begun = performance.now();
    await request(`${proxy.url}/slower`);
    expect(performance.now() - begun).toBeGreaterThanOrEqual(295);
    await proxy.heal();
    begun = performance.now();
    await request(`${proxy.url}/fast`);
    expect(performance.now() - begun).toBeLessThan(150);
  });

  it('drops: a partition makes requests time out, a one-way drop loses only answers, heal restores new requests', async () => {
    const proxy = await startProxy({ target: backend.port });
    await proxy.drop('both');
    await expect(request(`${proxy.url}/lost`, { timeoutMs: 400 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(await backend.count('/lost')).toBe(0);
    await proxy.drop('from-target');
    // The node does the work; the client never hears: the "info" case of a history.
    await expect(request(`${proxy.url}/unheard`, { timeoutMs: 400 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(await backend.count('/unheard')).toBe(1);
    await proxy.heal();
    expect((await request(`${proxy.url}/back`)).status).toBe(200);
    const { counts } = await proxy.events();
    expect(counts.blackholed).toBe(1);
    expect(counts.droppedToTarget).toBeGreaterThan(0);
    expect(counts.droppedFromTarget).toBeGreaterThan(0);
  });

  it('reset kills an open keep-alive connection with RST', async () => {
    const proxy = await startProxy({ target: echoPort });
    const { socket, state } = await connect(proxy.port);
    socket.write('ping');
    await pollUntil(() => state.data.toString() === 'ping', { what: 'the echo', timeoutMs: 5000 });
    await proxy.reset();
    await pollUntil(() => state.closed, { what: 'the connection to close', timeoutMs: 5000 });
    expect(state.error).toBe('ECONNRESET');

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await proxy.target(backend.port);
    await request(`${proxy.url}/a`, { agent });
    expect((await proxy.state()).counts.open).toBe(1);
    await proxy.reset();
    await pollUntil(async () => (await proxy.state()).counts.open === 0, { what: 'no open connection', timeoutMs: 5000 });
    agent.destroy();
  });

  it('many connections at once', async () => {
    const proxy = await startProxy({ target: backend.port });
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => request(`${proxy.url}/many/${i}`)));
    expect(answers.every((res) => res.status === 200)).toBe(true);
    expect((await proxy.state()).counts.accepted).toBe(60);
  });

  it('a killed target gives the client a reset connection; retargeting restores service', async () => {
    const doomed = await startBackend('n2');
    const spare = await startBackend('n3');
    const proxy = await startProxy({ target: doomed.url, name: 'leader' });
    expect((await request(`${proxy.url}/`)).json()).toMatchObject({ backend: 'n2' });
    doomed.component.signal('SIGKILL');
    await doomed.component.exited;
    await expect(request(`${proxy.url}/`, { timeoutMs: 3000 })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
    await proxy.target(spare.url);
    expect((await request(`${proxy.url}/`)).json()).toMatchObject({ backend: 'n3' });
    expect((await proxy.state()).counts.targetErrors).toBeGreaterThanOrEqual(1);
  });

  it('logs every change in order, with counts, and records nemesis events in a history', async () => {
    const history = new History();
    const proxy = await startProxy({ target: backend.port, name: 'n1', history });
    await proxy.latency(10);
    await proxy.drop('to-target');
    await proxy.reset();
    await proxy.target(echoPort);
    await proxy.pass();
    const { events } = await proxy.events();
    expect(events.map((e) => e.kind)).toEqual(['start', 'latency', 'drop', 'reset', 'target', 'pass']);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
    expect(events[1]).toMatchObject({ ms: 10, direction: 'both', counts: { accepted: 0 } });
    expect(history.events.map((e) => (e.type === 'nemesis' ? `${e.kind} ${e.node}` : e.type))).toEqual(['latency n1', 'partition n1', 'reset n1', 'retarget n1', 'heal n1']);
  });

  it('refuses a target that is not loopback', async () => {
    await expect(FaultProxy.start({ target: 'http://10.0.0.1:80' })).rejects.toThrow(/127\.0\.0\.1/);
  });
});
