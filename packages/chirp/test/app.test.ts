// The provided Chirp app over the in-memory store: routes, validation, errors, the page.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChirpApp, listenChirp, MemoryChirpStore, type Reply, sendPlain } from '../src/index.ts';

describe('createChirpApp', () => {
  const replies: Reply[] = [];
  let base = '';
  let close = () => {};

  beforeAll(async () => {
    const app = createChirpApp({
      store: new MemoryChirpStore(),
      instance: 'unit',
      respond: (req, res, reply) => {
        replies.push(reply);
        sendPlain(req, res, reply);
      },
    });
    const server = listenChirp(app, 0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  type Json = any;
  const json = async (res: Response | Promise<Response>): Promise<Json> => (await res).json();
  const post = (body: unknown) => fetch(`${base}/api/chirps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('creates, reads, lists newest first and deletes, labelling each reply with its route', async () => {
    const a = await json(post({ author: 'ada', text: 'one' }));
    const b = await json(post({ author: 'bob', text: 'two' }));
    expect((await json(fetch(`${base}/api/chirps/${a.id}`))).text).toBe('one');
    const page = await json(fetch(`${base}/api/chirps?limit=1`));
    expect(page.chirps.map((c: { id: number }) => c.id)).toEqual([b.id]);
    expect(page.nextCursor).toBe(String(b.id));
    expect((await fetch(`${base}/api/chirps/${a.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${base}/api/chirps/${a.id}`)).status).toBe(404);
    expect(replies.map((r) => r.route)).toEqual(['write', 'write', 'chirp', 'timeline', 'write', 'error']);
    expect(replies[2]!.lastModified?.toISOString()).toBe(a.createdAt);
  });

  it('rejects bad input with 400 JSON and never a stack', async () => {
    for (const res of [await post({ author: "x'; DROP", text: 'a' }), await post('{"author":'), await post({ author: 'ada', text: 'x', extra: 1 }), await fetch(`${base}/api/chirps?author=a&author=b`), await fetch(`${base}/api/chirps?limit=0`)]) {
      expect(res.status).toBe(400);
      const body = await json(res);
      expect(typeof body.error).toBe('string');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
    }
    expect((await post({ author: 'ada', text: 'x'.repeat(20_000) })).status).toBe(413);
  });

  it('serves the page with content-hashed asset links, and the assets under those names', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const links = [...html.matchAll(/"\/static\/([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const name of links) {
      expect(name).toMatch(/\.[0-9a-f]{16}\.[a-z0-9]+$/);
      expect((await fetch(`${base}/static/${name}`)).status).toBe(200);
    }
    expect((await fetch(`${base}/static/app.js`)).status).toBe(404);
  });
});
