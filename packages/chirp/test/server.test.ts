// The Chirp server hands Express requests and responses that already have the app's
// prototypes, so Express has nothing to swap, and everything Express adds still works.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createChirpApp, createChirpServer, MemoryChirpStore } from '../src/index.ts';

const app = createChirpApp({
  store: new MemoryChirpStore(),
  instance: 'unit',
  assets: false,
  configure: (app) => app.get('/express-api', (req, res) => res.status(202).json({ q: req.query.q, host: req.get('host'), ip: req.ip })),
});
const server = createChirpServer(app);
const arrived: boolean[] = [];
// Runs before the app sees the request: what Node itself created.
server.prependListener('request', (req, res) => arrived.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response));
let base = '';

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

it('creates requests and responses with the app prototypes from the start', async () => {
  await fetch(`${base}/healthz`);
  await fetch(`${base}/api/chirps/1`);
  expect(arrived).toEqual([true, true]);
});

it('keeps every request and response helper Express adds', async () => {
  const res = await fetch(`${base}/express-api?q=a&q=b`);
  expect(res.status).toBe(202);
  expect(await res.json()).toEqual({ q: ['a', 'b'], host: new URL(base).host, ip: '127.0.0.1' });
  const created = await fetch(`${base}/api/chirps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"author":"ada","text":"hi"}' });
  expect(created.status).toBe(201);
  expect(created.headers.get('location')).toMatch(/^\/api\/chirps\/\d+$/);
  expect((await fetch(`${base}/nowhere`)).status).toBe(404);
});
