import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend, fillerBytes } from '../../src/harness/fake-backend.ts';
import { request } from '../../src/harness/http-client.ts';

let backend: FakeBackend;
beforeAll(async () => {
  backend = await FakeBackend.start('b1');
});
afterAll(() => backend.component.stop());

describe('FakeBackend', () => {
  it('echoes requests, identifies itself and records what it saw', async () => {
    await backend.clearRequests();
    const res = await request(`${backend.url}/api/x?y=1`, { method: 'POST', body: 'hello', headers: { 'x-test': 'yes' } });
    expect(res.headers['x-backend-id']).toBe('b1');
    expect(res.json()).toMatchObject({ backend: 'b1', method: 'POST', url: '/api/x?y=1', body: 'hello' });
    const [seen] = await backend.requests();
    expect(seen).toMatchObject({ method: 'POST', url: '/api/x?y=1', body: 'hello', bodyBytes: 5 });
    expect(seen!.headers['x-test']).toBe('yes');
  });

  it('answers by path prefix, longest first, until reset', async () => {
    await backend.behave({ status: 503, body: { down: true } });
    await backend.behave({ path: '/healthz', status: 200, body: 'fine' });
    expect((await request(`${backend.url}/healthz`)).status).toBe(200);
    expect((await request(`${backend.url}/other`)).status).toBe(503);
    await backend.reset();
    expect((await request(`${backend.url}/other`)).status).toBe(200);
  });

  it('streams a generated body in pieces', async () => {
    await backend.behave({ bodyBytes: 100_000, chunks: 4, chunkDelayMs: 20 });
    const res = await request(`${backend.url}/big`);
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.body.equals(fillerBytes(100_000))).toBe(true);
    await backend.reset();
  });

  it('can be slow, reset the connection, or never answer', async () => {
    await backend.behave({ delayMs: 150 });
    const begun = Date.now();
    await request(`${backend.url}/`);
    expect(Date.now() - begun).toBeGreaterThanOrEqual(140);
    await backend.behave({ reset: true });
    await expect(request(`${backend.url}/`)).rejects.toThrow(/reset|closed/);
    await backend.behave({ hang: true });
    await expect(request(`${backend.url}/`, { timeoutMs: 300 })).rejects.toThrow(/no complete response after 0.3 s/);
    await backend.reset();
  });

  it('acts as an origin: a correct Date, ETag and Last-Modified, 304 to matching validators', async () => {
    await backend.clearRequests();
    const modified = new Date(Date.now() - 60_000).toUTCString();
    await backend.behave({ path: '/origin/', etag: '"v1"', lastModified: modified, headers: { 'cache-control': 'max-age=5', vary: 'Accept-Encoding' } });
    const full = await request(`${backend.url}/origin/a`);
    expect(full.status).toBe(200);
    expect(full.headers.etag).toBe('"v1"');
    expect(full.headers['last-modified']).toBe(modified);
    expect(Math.abs(Date.parse(String(full.headers.date)) - Date.now())).toBeLessThan(2000);
    expect(full.json()).toMatchObject({ served: 1 });

    const byTag = await request(`${backend.url}/origin/a`, { headers: { 'if-none-match': 'W/"v0", W/"v1"' } });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers['cache-control']).toBe('max-age=5');
    expect(byTag.headers.etag).toBe('"v1"');
    expect(byTag.headers['content-type']).toBeUndefined();
    expect((await request(`${backend.url}/origin/a`, { headers: { 'if-none-match': '"v0"' } })).status).toBe(200);
    expect((await request(`${backend.url}/origin/a`, { headers: { 'if-none-match': '*' } })).status).toBe(304);

    expect((await request(`${backend.url}/origin/a`, { headers: { 'if-modified-since': new Date().toUTCString() } })).status).toBe(304);
    expect((await request(`${backend.url}/origin/a`, { headers: { 'if-modified-since': new Date(Date.now() - 3_600_000).toUTCString() } })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3).
    expect((await request(`${backend.url}/origin/a`, { headers: { 'if-none-match': '"v0"', 'if-modified-since': new Date().toUTCString() } })).status).toBe(200);

    // A new version: the old validator no longer matches and `served` keeps counting.
    await backend.behave({ path: '/origin/', etag: '"v2"' });
    const fresh = await request(`${backend.url}/origin/a`, { headers: { 'if-none-match': '"v1"' } });
    expect(fresh.status).toBe(200);
    expect(fresh.json()).toMatchObject({ served: 5 });

    const seen = await backend.requests();
    expect(seen.map((r) => r.status)).toEqual([200, 304, 200, 304, 304, 200, 200, 200]);
    expect(await backend.count('/origin/a')).toBe(8);
    expect(await backend.count('/origin/a', 'POST')).toBe(0);
    expect(await backend.count('/origin/b')).toBe(0);
    await backend.reset();
  });

  it('sends no validators and never answers 304 by default', async () => {
    const res = await request(`${backend.url}/plain`, { headers: { 'if-none-match': '*', 'if-modified-since': new Date().toUTCString() } });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['last-modified']).toBeUndefined();
    expect(res.headers.date).toBeDefined();
  });
});
