import { check, describeTask, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { type Chirp, createChirp, dbCounters, getJson, ids, startStack, waitForFill } from './app-support.ts';

interface Page {
  chirps: Chirp[];
  nextCursor: string | null;
}

describeTask('T4', () => {
  const stack = shared(() => startStack({ CACHE_TTL_SECONDS: '30' }));

  it('a second read of a chirp is answered from the cache, not SQLite', async () => {
    const { app } = await stack();
    const chirp = await createChirp(app, 'cache_aside', 'read me twice');
    await waitForFill(await stack(), `/api/chirps/${chirp.id}`, 'read me twice');
    const before = await dbCounters(app);
    for (let i = 0; i < 3; i++) {
      const again = await getJson<Chirp>(app, `/api/chirps/${chirp.id}`);
      check(again.id === chirp.id && again.text === chirp.text, `GET /api/chirps/${chirp.id} from the cache: expected the chirp ${JSON.stringify(chirp)}, got ${JSON.stringify(again)}`);
    }
    const after = await dbCounters(app);
    check(after.gets === before.gets, `3 more reads of chirp ${chirp.id} after a first one: expected 0 more SQLite reads (cache hits), SQLite was read ${after.gets - before.gets} time(s)`);
  });

  it('a second read of a timeline page is answered from the cache, not SQLite', async () => {
    const { app } = await stack();
    await createChirp(app, 'pages', 'one page');
    const path = '/api/chirps?author=pages&limit=7';
    await waitForFill(await stack(), path, 'one page');
    const first = await getJson<Page>(app, path);
    const before = await dbCounters(app);
    const second = await getJson<Page>(app, path);
    const after = await dbCounters(app);
    check(after.lists === before.lists, `a second GET ${path}: expected it from the cache (0 more SQLite list queries), got ${after.lists - before.lists}`);
    check(ids(second.chirps) === ids(first.chirps), `a cached page must equal the page it copies: ${ids(first.chirps)} then ${ids(second.chirps)}`);
  });

  it('every entry is stored with a TTL no longer than CACHE_TTL_SECONDS', async () => {
    const { app, cache } = await stack();
    await cache.clearCommands();
    const chirp = await createChirp(app, 'ttl_check', 'expire me');
    await waitForFill(await stack(), `/api/chirps/${chirp.id}`, 'expire me');
    await waitForFill(await stack(), '/api/chirps?author=ttl_check', 'expire me');
    const sets = (await cache.commands()).filter((c) => c.args[0]?.toUpperCase() === 'SET');
    check(sets.length > 0, 'reading a chirp and a timeline: expected SET commands at the cache (cache-aside fills on a miss), saw none');
    for (const set of sets) {
      const options = set.args.slice(3).map((a) => a.toUpperCase());
      const ex = options.indexOf('EX');
      const px = options.indexOf('PX');
      const seconds = ex >= 0 ? Number(set.args[3 + ex + 1]) : px >= 0 ? Number(set.args[3 + px + 1]) / 1000 : Infinity;
      check(seconds > 0 && seconds <= 30, `SET ${set.args[1]}: expected an expiry (EX or PX) of at most CACHE_TTL_SECONDS=30 s, got ${set.args.slice(3).join(' ') || 'none'}; an entry without a TTL stays stale for ever if one invalidation is lost`);
    }
  });

  it('no read after a write returns stale data: a seeded mix of creates, deletes and reads', async () => {
    const { app } = await stack();
    const random = seeded('T4 mix');
    const authors = ['mix_a', 'mix_b', 'mix_c'];
    const model: Chirp[] = [];
    const expectPage = async (author: string | undefined, limit: number, before: number | undefined, step: number) => {
      const query = [author && `author=${author}`, `limit=${limit}`, before !== undefined && `before=${before}`].filter(Boolean).join('&');
      const page = await getJson<Page>(app, `/api/chirps?${query}`);
      const mine = page.chirps.filter((c) => authors.includes(c.author));
      const wanted = model.filter((c) => (author === undefined || c.author === author) && (before === undefined || c.id < before)).sort((a, b) => b.id - a.id);
      // Other tests share this app: compare only this test's chirps, on pages it fills alone.
      if (author !== undefined) {
        const expected = wanted.slice(0, limit);
        check(ids(mine) === ids(expected), `step ${step}: GET /api/chirps?${query} after the writes before it: expected ${ids(expected)}, got ${ids(mine)} (a cached page that a create or delete made stale?)`);
      }
    };
    for (let step = 1; step <= 60; step++) {
      const roll = random.next();
      if (roll < 0.35 || model.length === 0) {
        const author = random.pick(authors);
        model.push(await createChirp(app, author, `step ${step} ${random.string('abcxyz "\'<>&', 12)}`));
      } else if (roll < 0.55) {
        const victim = model.splice(random.int(0, model.length - 1), 1)[0]!;
        const res = await fetch(`${app.url}/api/chirps/${victim.id}`, { method: 'DELETE' });
        check(res.status === 204, `step ${step}: DELETE /api/chirps/${victim.id}: expected 204, got ${res.status}`);
        await getJson(app, `/api/chirps/${victim.id}`, 404);
      } else if (roll < 0.75) {
        const chirp = random.pick(model);
        const got = await getJson<Chirp>(app, `/api/chirps/${chirp.id}`);
        check(got.text === chirp.text, `step ${step}: GET /api/chirps/${chirp.id}: expected ${JSON.stringify(chirp)}, got ${JSON.stringify(got)}`);
      } else {
        const ordered = [...model].sort((a, b) => b.id - a.id);
        const before = random.next() < 0.3 ? random.pick(ordered).id + random.int(0, 1) : undefined;
        await expectPage(random.pick(authors), random.pick([1, 2, 5, 20]), before, step);
      }
    }
  });

  it('a delete is seen at once by a read that was cached before it', async () => {
    const { app } = await stack();
    const chirp = await createChirp(app, 'deleted', 'gone soon');
    await getJson(app, `/api/chirps/${chirp.id}`);
    const page = await getJson<Page>(app, '/api/chirps?author=deleted');
    check(page.chirps.some((c) => c.id === chirp.id), `GET /api/chirps?author=deleted: expected chirp ${chirp.id} in ${ids(page.chirps)}`);
    const res = await fetch(`${app.url}/api/chirps/${chirp.id}`, { method: 'DELETE' });
    check(res.status === 204, `DELETE /api/chirps/${chirp.id}: expected 204, got ${res.status}`);
    await getJson(app, `/api/chirps/${chirp.id}`, 404);
    const after = await getJson<Page>(app, '/api/chirps?author=deleted');
    check(!after.chirps.some((c) => c.id === chirp.id), `GET /api/chirps?author=deleted after deleting chirp ${chirp.id}: it is still listed in ${ids(after.chirps)} (the cached page was not invalidated)`);
  });

  it('hostile ids and filters are answered as without a cache (400 or 404), never 500', async () => {
    const { app } = await stack();
    for (const path of ["/api/chirps/1'", '/api/chirps/99999999999999999999', '/api/chirps/%00', "/api/chirps?author=x'%20OR%201=1", '/api/chirps?author=a&author=b', '/api/chirps?limit=1e3']) {
      const res = await fetch(`${app.url}${path}`);
      check(res.status === 400 || res.status === 404, `GET ${path}: expected 400 or 404 (as the app answers without a cache), got ${res.status}`);
    }
  });
});
