// Visible starter tests for the app (T4, T7): run them while you work with
// `npm run check -- 04`. The hidden suite checks every task in depth, with a fake cache that
// can be killed, paused, slowed down or made to answer garbage.
import { check, describeTask, FakeCache, it, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/starter';

async function startApp() {
  const cache = await FakeCache.start();
  const app = await startLearnerApp({ env: { CACHE_URL: cache.url } });
  return { app, cache };
}

describeTask('T4', () => {
  it('reading a chirp fills the cache with a TTL', async () => {
    const { app, cache } = await startApp();
    const created = await request(`${app.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'hello cache' } });
    check(created.status === 201, `POST /api/chirps: expected 201, got ${created.status}`);
    const { id } = created.json<{ id: number }>();
    // The cache client may still be connecting on the first read (a read then simply misses), and
    // the fill may land just after the answer: read again until a SET shows up, with a deadline.
    const sets = await pollUntil(async () => {
      await request(`${app.url}/api/chirps/${id}`);
      const found = (await cache.commands()).filter((c) => c.args[0]?.toUpperCase() === 'SET');
      return found.length > 0 ? found : undefined;
    }, { what: 'after GET /api/chirps/:id, a SET at the cache (cache-aside fills on a miss)', timeoutMs: 5000, intervalMs: 50 });
    check(sets.some((c) => c.args.some((a) => /^(EX|PX)$/i.test(a))), `expected the SET to carry EX or PX, saw ${JSON.stringify(sets[0]!.args)}`);
  });
});

describeTask('T7', () => {
  it('a chirp comes with Cache-Control and an ETag, and its ETag gives 304', async () => {
    const { app } = await startApp();
    const created = await request(`${app.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'etag me' } });
    const url = `${app.url}/api/chirps/${created.json<{ id: number }>().id}`;
    const res = await request(url);
    check(typeof res.headers['cache-control'] === 'string', 'GET /api/chirps/:id: expected a Cache-Control header');
    const etag = res.headers.etag;
    check(typeof etag === 'string', 'GET /api/chirps/:id: expected an ETag header');
    const again = await request(url, { headers: { 'If-None-Match': etag } });
    check(again.status === 304, `GET with If-None-Match: ${etag}: expected 304, got ${again.status}`);
  });
});
