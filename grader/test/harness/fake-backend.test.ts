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
});
