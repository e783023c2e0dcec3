import { check, describeTask, expectJsonError, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { type Chirp, createChirp, getPage, randomAuthor, randomText, startChirp, walkPages } from './support.ts';

const ids = (chirps: Chirp[]) => chirps.map((c) => c.id).join(', ');

describeTask('T3', () => {
  const rng = seeded('T3');
  const app = shared(() => startChirp());
  const authors = [randomAuthor(rng), randomAuthor(rng), randomAuthor(rng)];
  let created: Chirp[] = [];
  const fill = shared(async () => {
    const a = await app();
    created = [];
    const count = rng.int(31, 47);
    for (let i = 0; i < count; i++) created.push(await createChirp(a, { author: rng.pick(authors), text: randomText(rng) }));
    return a;
  });

  it('lists every chirp exactly once, newest first, when following nextCursor', async () => {
    const a = await fill();
    const limit = rng.int(3, 9);
    const seen = await walkPages(a, { limit: String(limit) });
    const expected = [...created].reverse();
    check(ids(seen) === ids(expected), `GET /api/chirps?limit=${limit} page after page: expected ids ${ids(expected)}, got ${ids(seen)}`);
  });

  it('returns at most `limit` chirps, and 20 when no limit is given', async () => {
    const a = await fill();
    const limit = rng.int(2, 7);
    const page = await getPage(a, `?limit=${limit}`);
    check(page.chirps.length === limit, `GET /api/chirps?limit=${limit}: expected ${limit} chirps, got ${page.chirps.length}`);
    check(page.nextCursor !== null, `GET /api/chirps?limit=${limit}: more chirps exist, so nextCursor must not be null`);
    const defaults = await getPage(a, '');
    check(defaults.chirps.length === 20, `GET /api/chirps: expected the default page size of 20, got ${defaults.chirps.length}`);
  });

  it('filters by author', async () => {
    const a = await fill();
    const author = rng.pick(authors);
    const seen = await walkPages(a, { author, limit: String(rng.int(2, 5)) });
    const expected = created.filter((c) => c.author === author).reverse();
    check(ids(seen) === ids(expected), `GET /api/chirps?author=${author}: expected ids ${ids(expected)}, got ${ids(seen)}`);
  });

  it('a cursor stays correct while new chirps arrive: no chirp twice, none skipped', async () => {
    const a = await fill();
    const before = [...created].reverse();
    const seen = await walkPages(a, { limit: '5' }, async () => {
      // New chirps land on top of the list while a client is reading it page by page.
      for (let i = 0; i < 3; i++) created.push(await createChirp(a, { author: rng.pick(authors), text: randomText(rng) }));
    });
    check(ids(seen) === ids(before), `pages read while chirps were being added: expected ids ${ids(before)} (the list as it was at the first page), got ${ids(seen)}`);
  });

  it('rejects a limit or cursor that is not valid with 400', async () => {
    const a = await app();
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?limit=-3', '?before=xyz']) {
      expectJsonError(await request(`${a.url}/api/chirps${query}`), 400, `GET /api/chirps${query}`);
    }
  });
});
