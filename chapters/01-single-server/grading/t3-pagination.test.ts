import { check, describeTask, excerpt, expectJsonError, type HttpResponse, request, RequestFailure, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { type Chirp, checkChirpShape, checkNoLeak, createChirp, getPage, type Page, randomAuthor, randomText, startChirp, walkPages } from './support.ts';

const ids = (chirps: Chirp[]) => chirps.map((c) => c.id).join(', ');

const HOSTILE_READ = 'README.md, "The Chirp API" (listing) and "T3 · List with cursor pagination"';

/** GET with a time limit that names the lesson: a query that hangs the server is a failure too. */
async function hostileGet(url: string, query: string): Promise<HttpResponse> {
  try {
    return await request(`${url}/api/chirps${query}`, { timeoutMs: 8000 });
  } catch (error) {
    if (error instanceof RequestFailure) throw new RequestFailure(`GET /api/chirps${query}: expected an answer (400 or a page), got none: ${error.message}. Read ${HOSTILE_READ}`, error.code);
    throw error;
  }
}

/**
 * The answer to a query the client should not have sent: never a 5xx, never the server's
 * insides. Either a 400 with a JSON error, or (where `page` allows it) a 200 page that `page`
 * accepts. Returns the page, if it was one.
 */
function expectRefusedOr(res: HttpResponse, query: string, allowed: string, page?: (p: Page) => string | undefined): Page | undefined {
  const action = `GET /api/chirps${query}`;
  checkNoLeak(res, action);
  if (res.status === 200 && page) {
    let body: Page | undefined;
    try {
      body = res.json<Page>();
    } catch {
      // Reported below.
    }
    check(Array.isArray(body?.chirps) && (body.nextCursor === null || typeof body.nextCursor === 'string'), () => `${action}: expected ${allowed}, got 200 with ${excerpt(res.text)}. Read ${HOSTILE_READ}`);
    body.chirps.forEach((c, i) => checkChirpShape(c, `${action}, chirps[${i}]`));
    const wrong = page(body);
    check(wrong === undefined, () => `${action}: expected ${allowed}, got 200 with ${wrong}: ${excerpt(res.text)}. Read ${HOSTILE_READ}`);
    return body;
  }
  check(res.status === 400, () => `${action}: expected ${allowed}, got ${res.status} with ${excerpt(res.text)}. Read ${HOSTILE_READ}`);
  expectJsonError(res, 400, `${action} (read ${HOSTILE_READ})`);
  return undefined;
}

/** Percent-encodes every byte of `value`, so quotes, spaces and NULs reach the server as sent. */
const encode = (value: string) => encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

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

  it('limit=1 pages one chirp at a time, and a last page that is exactly full has nextCursor null', async () => {
    const a = await fill();
    const author = `solo_${rng.int(1, 999_999)}`;
    const mine: Chirp[] = [];
    for (let i = 0; i < 3; i++) mine.push(await createChirp(a, { author, text: randomText(rng) }));
    // The later tests expect every chirp of the shared app in `created`.
    created.push(...mine);
    const one = await getPage(a, `?author=${author}&limit=1`);
    check(one.chirps.length === 1 && one.chirps[0]!.id === mine[2]!.id, `GET /api/chirps?author=${author}&limit=1: expected only the newest chirp, ${mine[2]!.id}, got ids ${ids(one.chirps)}`);
    check(one.nextCursor !== null, `GET /api/chirps?author=${author}&limit=1: two more chirps follow, so nextCursor must not be null`);
    const all = await getPage(a, `?author=${author}&limit=3`);
    check(all.chirps.length === 3, `GET /api/chirps?author=${author}&limit=3: expected the author's 3 chirps, got ids ${ids(all.chirps)}`);
    check(all.nextCursor === null, `GET /api/chirps?author=${author}&limit=3: this author has exactly 3 chirps, so this is the last page and nextCursor must be null, got ${JSON.stringify(all.nextCursor)}`);
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

  it('hostile author, limit and before values get a 400 or an honest page, never SQL, a 5xx or the schema', async () => {
    const a = await fill();
    const known = rng.pick(authors);
    // Look-alikes of an author that has chirps: a filter must match the exact text, nothing "close".
    const lookAlikes = [
      known.toUpperCase(),
      known.replace(/[a-z]/, (c) => String.fromCodePoint(c.codePointAt(0)! - 0x61 + 0xff41)), // fullwidth letter
      known.replace('a', '\u0430').replace('e', '\u0435').replace('o', '\u043e'), // Cyrillic а, е, о where they occur
      `${known}\u200b`, // zero-width space
      `${known}\u0000`,
      `${known}%`,
      `${known}'`,
    ].filter((value) => value !== known);
    const injections = [
      "x'",
      "a'",
      "zz' UNION SELECT 1,name,sql,type FROM sqlite_master -- ",
      `${known}' OR '1'='1`,
      `' OR 1=1 --`,
      `${known}"; DROP TABLE chirps; --`,
      '\\',
      '%',
      '\u0000',
      'a'.repeat(rng.int(4000, 6000)),
      `${known}\n`,
    ];
    // A filter that is not a valid author matches nobody: 400, or a page with no chirps.
    for (const value of [...lookAlikes, ...injections]) {
      const query = `?author=${encode(value)}`;
      expectRefusedOr(await hostileGet(a.url, query), query, 'a 400 with a JSON error, or 200 with {"chirps": [], "nextCursor": null} (no chirp has that author)', (page) =>
        page.chirps.length === 0 && page.nextCursor === null ? undefined : `${page.chirps.length} chirp(s) by ${[...new Set(page.chirps.map((c) => JSON.stringify(c.author)))].join(', ')} and nextCursor ${JSON.stringify(page.nextCursor)}`,
      );
    }
    // A valid author made of "_" only: with LIKE instead of =, "_" would match any character.
    const wildcard = '_'.repeat(known.length);
    const page = await getPage(a, `?author=${wildcard}`);
    check(page.chirps.length === 0, `GET /api/chirps?author=${wildcard}: expected no chirps (nobody is called "${wildcard}"), got chirps by ${[...new Set(page.chirps.map((c) => c.author))].join(', ')}. Compare authors with =, not LIKE. Read ${HOSTILE_READ}`);

    // The same parameter twice, or as an array or object: refuse it, or use one of the values.
    const other = authors.find((x) => x !== known)!;
    for (const query of [`?author=${known}&author=${other}`, `?author[]=${known}`, `?author[$ne]=${known}`, `?author[a]=${known}`]) {
      expectRefusedOr(await hostileGet(a.url, query), query, `a 400 with a JSON error, or 200 with chirps by ${known} or ${other} only`, (p) => {
        const strangers = p.chirps.filter((c) => c.author !== known && c.author !== other);
        return strangers.length === 0 ? undefined : `chirps by ${[...new Set(strangers.map((c) => c.author))].join(', ')}`;
      });
    }

    // limit and before: a value no whole number or cursor can be read from is a 400. One that
    // starts with a valid value may be refused (best) or read as that value, but never as SQL.
    const descending = (chirps: Chirp[]) => chirps.every((c, i) => i === 0 || c.id < chirps[i - 1]!.id);
    const honest = (max: number, below = Infinity) => (p: Page) => {
      if (p.chirps.length > max) return `${p.chirps.length} chirps, more than ${max}`;
      if (!descending(p.chirps)) return `chirps out of order (ids ${ids(p.chirps)})`;
      if (p.chirps.some((c) => c.id >= below)) return `chirps that are not older than the cursor (ids ${ids(p.chirps)})`;
      return undefined;
    };
    for (const raw of ["' OR ''='", '%00', '%EF%BC%95', '%D9%A5', '9'.repeat(rng.int(300, 500)), '-1 OR 1=1']) {
      const query = `?limit=${raw.includes('%') ? raw : encode(raw)}`;
      expectRefusedOr(await hostileGet(a.url, query), query, 'a 400 with a JSON error (limit must be a whole number from 1 to 100)');
    }
    for (const raw of ["5'", '5 OR 1=1', '5; DROP TABLE chirps', '5) UNION SELECT 1,name,sql,type FROM sqlite_master --', '5%00']) {
      const query = `?limit=${raw.includes('%') ? raw : encode(raw)}`;
      expectRefusedOr(await hostileGet(a.url, query), query, 'a 400 with a JSON error (limit must be a whole number from 1 to 100), or at most a page of 5', honest(5));
    }
    const first = await getPage(a, '?limit=3');
    const second = await getPage(a, `?limit=3&before=${encode(first.nextCursor!)}`);
    const oldest = Math.min(...first.chirps.map((c) => c.id));
    const fullwidth = first.nextCursor!.replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d)));
    for (const raw of ["' OR ''='", '\u0000']) {
      const query = `?before=${encode(raw)}`;
      expectRefusedOr(await hostileGet(a.url, query), query, 'a 400 with a JSON error (before must be a nextCursor you issued)');
    }
    for (const raw of ['-1 OR 1=1', ...(fullwidth === first.nextCursor ? [] : [fullwidth])]) {
      const query = `?before=${encode(raw)}`;
      expectRefusedOr(await hostileGet(a.url, query), query, 'a 400 with a JSON error (before must be a nextCursor you issued), or an honest page', honest(20));
    }
    // Read as the cursor it starts with, the page is the real one after it: chirps older than
    // the cursor exist (a second page was served), so an empty page would hide them.
    const pageAfter = (p: Page) => honest(20, oldest)(p) ?? (p.chirps[0]?.id === second.chirps[0]!.id ? undefined : `ids ${ids(p.chirps) || 'none'} instead of the page starting at ${second.chirps[0]!.id}`);
    for (const raw of [`${first.nextCursor}'`, `${first.nextCursor} OR 1=1`, `${first.nextCursor}; DROP TABLE chirps`, `${first.nextCursor}\u0000`]) {
      const query = `?before=${encode(raw)}`;
      expectRefusedOr(await hostileGet(a.url, query), query, `a 400 with a JSON error (before must be a nextCursor you issued), or the page after ${first.nextCursor}`, pageAfter);
    }
    // Repeated: refuse, or page from one of the two cursors (either way, only chirps older than page one).
    for (const query of [`?limit=3&before=${encode(first.nextCursor!)}&before=${encode(second.nextCursor!)}`, '?limit=2&limit=3']) {
      expectRefusedOr(await hostileGet(a.url, query), query, 'a 400 with a JSON error, or 200 with a page built from one of the values', honest(3, query.includes('before') ? oldest : Infinity));
    }

    // Nothing above may have changed the data: every chirp is still listed.
    const all = await walkPages(a, { limit: '100' });
    const missing = created.filter((c) => !all.some((x) => x.id === c.id));
    check(missing.length === 0, `GET /api/chirps after the hostile queries: expected every chirp created so far, ${ids(missing)} are gone. Read ${HOSTILE_READ}`);
  });

  it('rejects a limit or cursor that is not valid with 400', async () => {
    const a = await app();
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?limit=-3', '?before=xyz']) {
      expectJsonError(await request(`${a.url}/api/chirps${query}`), 400, `GET /api/chirps${query}`);
    }
  });
});
