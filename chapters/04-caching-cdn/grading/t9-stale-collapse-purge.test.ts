import { check, describeTask, excerpt, expectJson, fillerBytes, pollUntil, request, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { cacheStatus, echoOf, expectCacheStatus, expectOriginCount, get, onPath, originCount, servedOf, startEdge, TOKEN, uniquePath } from './edge-support.ts';

interface Stats {
  hits: number;
  misses: number;
  stale: number;
  revalidated: number;
  storedBytes: number;
  entries: number;
  evictions: number;
}

async function stats(edge: { url: string }): Promise<Stats> {
  const res = await request(`${edge.url}/_edge/stats`);
  check(res.status === 200, `GET /_edge/stats: expected 200 with the counters, got ${res.status} ${excerpt(res.text)}`);
  return expectJson<Stats>(res, 'GET /_edge/stats');
}

function purge(edge: { url: string }, url: unknown, authorization?: string) {
  return request(`${edge.url}/_edge/purge`, { method: 'POST', body: { url }, headers: authorization === undefined ? {} : { authorization } });
}

const BOUND = 100_000;
const BODY = 30_000;

describeTask('T9', () => {
  const setup = shared(() => startEdge());
  const bounded = shared(() => startEdge({ EDGE_MAX_BYTES: String(BOUND) }));

  it('stale-while-revalidate: answers the stale copy at once (STALE) and refreshes it with exactly one origin request, however many clients come', async () => {
    const s = await setup();
    const path = uniquePath('t9/swr');
    await onPath(s.origin, path, { headers: { 'cache-control': 'max-age=1, stale-while-revalidate=30' } });
    await get(s.edge, path);
    // From now on the origin takes 2.5 s: a client that waits for the refresh would notice. (The
    // new copy lives 60 s: its 2.5 s on the way already count towards its age.)
    await onPath(s.origin, path, { delayMs: 2500, headers: { 'cache-control': 'max-age=60' } });
    const stale = await pollUntil(
      async () => {
        const res = await get(s.edge, path, {}, 'GET', 2000);
        return cacheStatus(res) !== 'HIT' ? res : undefined;
      },
      { what: `${path} (max-age=1, stale-while-revalidate=30) to go stale`, timeoutMs: 6000, intervalMs: 100 },
    );
    expectCacheStatus(stale, 'STALE', `GET ${path} just after max-age=1 passed, within stale-while-revalidate=30`);
    check(servedOf(stale, path) === 1, `the STALE answer must be the stored copy, got ${excerpt(stale.text)}`);
    const burst = await Promise.allSettled(Array.from({ length: 12 }, () => get(s.edge, path, {}, 'GET', 1500)));
    const slow = burst.filter((r) => r.status === 'rejected').length;
    check(slow === 0, `12 GETs of ${path} during the background refresh: ${slow} got no answer within 1.5 s; the stale copy must be answered at once, without waiting for the origin (which takes 2.5 s)`);
    for (const r of burst) expectCacheStatus((r as PromiseFulfilledResult<Awaited<ReturnType<typeof get>>>).value, 'STALE', `GET ${path} while the refresh is under way`);
    const refreshed = await pollUntil(
      async () => {
        const res = await get(s.edge, path, {}, 'GET', 2000);
        return cacheStatus(res) === 'HIT' && servedOf(res, path) === 2 ? res : undefined;
      },
      { what: `the background refresh of ${path} to store the origin's new answer (a HIT with served: 2)`, timeoutMs: 8000, intervalMs: 100 },
    );
    check(refreshed !== undefined, 'unreachable');
    await expectOriginCount(s.origin, path, 2, 'one fill and exactly one background refresh for 14 stale requests');
  });

  it('stale-if-error: a 5xx, a refused or a silent origin is answered with the stale copy within the window; without it the error passes through', async () => {
    const s = await setup();
    const paths = { status: uniquePath('t9/sie500'), reset: uniquePath('t9/siereset'), hang: uniquePath('t9/siehang'), none: uniquePath('t9/nosie') };
    for (const [kind, path] of Object.entries(paths)) {
      await onPath(s.origin, path, { headers: { 'cache-control': kind === 'none' ? 'max-age=1' : 'max-age=1, stale-if-error=60' } });
      await get(s.edge, path);
    }
    await onPath(s.origin, paths.status, { status: 503, body: 'down for maintenance' });
    await onPath(s.origin, paths.reset, { reset: true });
    await onPath(s.origin, paths.hang, { hang: true });
    await onPath(s.origin, paths.none, { status: 500, body: 'broken' });
    const answers = await Promise.all(
      Object.values(paths).map((path) =>
        pollUntil(
          async () => {
            const res = await get(s.edge, path);
            return cacheStatus(res) !== 'HIT' ? res : undefined;
          },
          { what: `${path} (max-age=1) to go stale`, timeoutMs: 8000, intervalMs: 100 },
        ),
      ),
    );
    const [byStatus, byReset, byHang, none] = answers as [Awaited<ReturnType<typeof get>>, Awaited<ReturnType<typeof get>>, Awaited<ReturnType<typeof get>>, Awaited<ReturnType<typeof get>>];
    for (const [res, what] of [[byStatus, 'answers 503'], [byReset, 'resets the connection'], [byHang, 'never answers (ORIGIN_TIMEOUT_MS=3000)']] as const) {
      check(res.status === 200 && cacheStatus(res) === 'STALE' && servedOf(res, 'stale') === 1, `stale-if-error=60, the origin ${what}: expected the stale 200 with X-Cache: STALE, got ${res.status} X-Cache ${cacheStatus(res) || '(none)'} ${excerpt(res.text, 100)}`);
    }
    check(none.status === 500 && none.text === 'broken', `without stale-if-error, the origin's 500 must pass through once the copy is stale, got ${none.status} ${excerpt(none.text, 100)}`);
  });

  it('collapsed forwarding: 20 concurrent misses of one URL cost one origin request, and all 20 get its answer', async () => {
    const s = await setup();
    const path = uniquePath('t9/collapse');
    await onPath(s.origin, path, { delayMs: 400, headers: { 'cache-control': 'max-age=60' } });
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(s.edge, path)));
    const bad = answers.filter((res) => res.status !== 200 || servedOf(res, path) !== 1);
    check(bad.length === 0, `20 concurrent GETs of ${path}: ${bad.length} did not get the origin's 200 (first: ${bad[0]?.status} ${excerpt(bad[0]?.text ?? '', 100)})`);
    await expectOriginCount(s.origin, path, 1, '20 concurrent misses of one URL are collapsed into one origin fetch');
  });

  it("collapsed forwarding never hands one client's uncacheable answer to another: each gets its own", async () => {
    const s = await setup();
    const path = uniquePath('t9/private');
    await onPath(s.origin, path, { delayMs: 300, headers: { 'cache-control': 'private, max-age=60' } });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => get(s.edge, path, { 'x-client': `client-${i}` })));
    answers.forEach((res, i) => {
      const seen = echoOf(res, `GET ${path} as client-${i}`).headers['x-client'];
      check(res.status === 200 && seen === `client-${i}`, `6 concurrent GETs of ${path} (Cache-Control: private): client-${i} got the answer made for ${seen}; a private answer belongs to the client that asked`);
    });
  });

  it('keeps stored bytes under EDGE_MAX_BYTES by evicting the least recently used entry, and passes a larger answer through without storing it', async () => {
    const s = await bounded();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => uniquePath(`t9/lru-${x}`)) as [string, string, string, string];
    for (const path of [a, b, c, d]) await onPath(s.origin, path, { bodyBytes: BODY, headers: { 'cache-control': 'max-age=60' } });
    for (const path of [a, b, c]) await get(s.edge, path);
    expectCacheStatus(await get(s.edge, a), 'HIT', `GET ${a} (3 x 30 kB stored under a 100 kB bound)`);
    await get(s.edge, d); // Needs room: B is now the least recently used.
    expectCacheStatus(await get(s.edge, a), 'HIT', `GET ${a} after storing a fourth 30 kB answer: ${a} was used more recently than ${b}, so ${b} should have been evicted, not ${a}`);
    expectCacheStatus(await get(s.edge, c), 'HIT', `GET ${c}: it was used more recently than ${b}`);
    expectCacheStatus(await get(s.edge, b), 'MISS', `GET ${b}: the least recently used entry should have been evicted`);
    const after = await stats(s.edge);
    check(after.storedBytes <= BOUND && after.storedBytes >= 3 * BODY, `/_edge/stats storedBytes: expected between ${3 * BODY} and ${BOUND}, got ${after.storedBytes}`);
    check(after.evictions >= 2 && after.entries === 3, `/_edge/stats: expected at least 2 evictions and 3 entries, got ${JSON.stringify(after)}`);

    const big = uniquePath('t9/toobig');
    await onPath(s.origin, big, { bodyBytes: 150_000, chunks: 3, chunkDelayMs: 20, headers: { 'cache-control': 'max-age=60' } });
    for (let i = 0; i < 2; i++) {
      const res = await get(s.edge, big);
      check(res.status === 200 && res.body.equals(fillerBytes(150_000)), `GET ${big} (150 kB, larger than EDGE_MAX_BYTES=${BOUND}): expected all 150000 bytes passed through, got ${res.status} with ${res.body.length} bytes`);
    }
    await expectOriginCount(s.origin, big, 2, 'an answer larger than the whole bound is passed through, not stored');
    check((await stats(s.edge)).storedBytes <= BOUND, 'storedBytes must stay within EDGE_MAX_BYTES');
  });

  it('purge: 401 without or with a wrong token and nothing removed; with the token every variant of that exact URL goes', async () => {
    const s = await setup();
    const path = uniquePath('t9/purge');
    await onPath(s.origin, path, { headers: { 'cache-control': 'max-age=60', vary: 'Accept-Encoding' } });
    const target = `${path}?x=1`;
    const other = `${path}?x=2`;
    let before = 0;
    for (const encoding of ['gzip', 'br']) before = Math.max(before, servedOf(await get(s.edge, target, { 'accept-encoding': encoding }), target));
    await get(s.edge, other);
    for (const [authorization, what] of [
      [undefined, 'no Authorization'],
      [`Bearer ${TOKEN.slice(0, -1)}`, 'a token one character short'],
      [`Bearer ${TOKEN}x`, 'a token with an extra character'],
      [`Basic ${Buffer.from(`operator:${TOKEN}`).toString('base64')}`, 'Basic credentials'],
      [TOKEN, 'the token without "Bearer "'],
      ['Bearer ', 'an empty bearer token'],
    ] as const) {
      const res = await purge(s.edge, target, authorization);
      check(res.status === 401, `POST /_edge/purge with ${what}: expected 401, got ${res.status} ${excerpt(res.text)}`);
    }
    expectCacheStatus(await get(s.edge, target, { 'accept-encoding': 'gzip' }), 'HIT', `GET ${target} after refused purges: nothing may have been removed`);
    const bad = await purge(s.edge, 42, `Bearer ${TOKEN}`);
    check(bad.status === 400, `POST /_edge/purge {"url": 42} with the token: expected 400, got ${bad.status}`);
    const ok = await purge(s.edge, target, `Bearer ${TOKEN}`);
    check(ok.status === 200, `POST /_edge/purge {"url": "${target}"} with the token: expected 200, got ${ok.status} ${excerpt(ok.text)}`);
    // Both variants at once: each must be a new copy from the origin, never one stored before the purge.
    const [gzip, br] = await Promise.all(['gzip', 'br'].map((encoding) => get(s.edge, target, { 'accept-encoding': encoding })));
    check(servedOf(gzip!, target) > before, `GET ${target} (gzip variant) after purging it: expected a new copy from the origin, got the stored one (X-Cache: ${cacheStatus(gzip!)})`);
    check(servedOf(br!, target) > before, `GET ${target} (br variant) after purging it: expected a new copy from the origin, got the stored one (X-Cache: ${cacheStatus(br!)}); purge removes every variant of the URL`);
    expectCacheStatus(await get(s.edge, other), 'HIT', `GET ${other}: purging ${target} must not touch another query string`);
  });

  it('GET /_edge/stats counts hits, misses, stale and revalidated answers as X-Cache reported them', async () => {
    const s = await setup();
    const before = await stats(s.edge);
    const path = uniquePath('t9/stats');
    await onPath(s.origin, path, { headers: { 'cache-control': 'max-age=60' } });
    await get(s.edge, path);
    for (let i = 0; i < 3; i++) await get(s.edge, path);
    const after = await stats(s.edge);
    check(after.misses - before.misses === 1 && after.hits - before.hits === 3, `one MISS and three HITs of ${path}: /_edge/stats moved from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    check(after.entries >= 1 && after.storedBytes > 0, `/_edge/stats must count stored entries and bytes, got ${JSON.stringify(after)}`);
  });
});
