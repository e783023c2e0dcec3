import { check, describeTask, excerpt, type HttpResponse, request, seeded, shared, startLearnerApp } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { createChirp, directives } from './app-support.ts';

const header = (res: HttpResponse, name: string): string | undefined => {
  const value = res.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

function expectPolicy(res: HttpResponse, what: string, rule: (d: Record<string, string>) => boolean, wanted: string): void {
  check(rule(directives(res)), () => `${what}: expected Cache-Control ${wanted}, got ${JSON.stringify(header(res, 'cache-control') ?? null)}`);
}

function strongEtagOf(res: HttpResponse, what: string): string {
  const etag = header(res, 'etag');
  check(etag !== undefined && /^"[\x21\x23-\x7e]+"$/.test(etag), () => `${what}: expected a strong ETag ("..." without W/), got ${JSON.stringify(etag ?? null)}`);
  return etag;
}

async function expect304(url: string, headers: Record<string, string>, what: string): Promise<HttpResponse> {
  const res = await request(url, { headers });
  check(res.status === 304, () => `${what}: expected 304 Not Modified, got ${res.status} ${excerpt(res.text)}`);
  check(res.body.length === 0, `${what}: a 304 has no body, got ${res.body.length} bytes`);
  return res;
}

async function expect200(url: string, headers: Record<string, string>, what: string): Promise<HttpResponse> {
  const res = await request(url, { headers });
  check(res.status === 200 && res.body.length > 0, () => `${what}: expected 200 with the full body (the client's copy is not current), got ${res.status} ${excerpt(res.text)}`);
  return res;
}

describeTask('T7', () => {
  // No cache: HTTP caching is graded on its own, whatever state T4-T6 are in.
  const stack = shared(async () => ({ app: await startLearnerApp({ name: 'your app (no CACHE_URL)' }) }));

  it('chooses Cache-Control per route: chirps and timelines public and short, health, writes and errors no-store', async () => {
    const { app } = await stack();
    const chirp = await createChirp(app, 'policy', 'cache me');
    const maxAge = (d: Record<string, string>) => Number(d['max-age']);
    expectPolicy(await request(`${app.url}/api/chirps/${chirp.id}`), `GET /api/chirps/${chirp.id}`, (d) => 'public' in d && maxAge(d) >= 1 && maxAge(d) <= 3600 && !('no-store' in d), 'public with a max-age of 1 s to 1 hour');
    expectPolicy(await request(`${app.url}/api/chirps?author=policy`), 'GET /api/chirps?author=policy', (d) => 'public' in d && maxAge(d) >= 1 && maxAge(d) <= 10, 'public with a short max-age (1-10 s): timelines change with every chirp');
    expectPolicy(await request(`${app.url}/healthz`), 'GET /healthz', (d) => 'no-store' in d, 'no-store (live state of one process)');
    const post = await request(`${app.url}/api/chirps`, { method: 'POST', body: { author: 'policy', text: 'written' } });
    expectPolicy(post, 'POST /api/chirps', (d) => 'no-store' in d, 'no-store');
    expectPolicy(await request(`${app.url}/api/chirps/424242424`), 'GET /api/chirps/424242424 (404)', (d) => 'no-store' in d, 'no-store (an error must not be kept)');
    expectPolicy(await request(`${app.url}/api/chirps?limit=0`), 'GET /api/chirps?limit=0 (400)', (d) => 'no-store' in d, 'no-store');
    expectPolicy(await request(`${app.url}/`), 'GET /', (d) => 'no-cache' in d || ('max-age' in d && maxAge(d) === 0 && 'must-revalidate' in d), 'no-cache (the page names the current assets: revalidate it on every use)');
  });

  it('hashed assets are immutable for a year; the page links to them', async () => {
    const { app } = await stack();
    const page = await request(`${app.url}/`);
    const links = [...page.text.matchAll(/"(\/static\/[^"]+)"/g)].map((m) => m[1]!);
    check(links.length > 0, `GET /: expected the page to link /static/ assets, got ${excerpt(page.text)}`);
    for (const link of links) {
      const res = await request(`${app.url}${link}`);
      check(res.status === 200, `GET ${link}: expected 200, got ${res.status}`);
      expectPolicy(res, `GET ${link}`, (d) => 'immutable' in d && Number(d['max-age']) >= 31_536_000 && 'public' in d, 'public, max-age=31536000, immutable (the name changes when the bytes do)');
    }
  });

  it('a strong ETag from the body: same body same tag, new body new tag; If-None-Match gives 304', async () => {
    const { app } = await stack();
    const author = `etag_${seeded('T7 etag').string('abcdefgh', 6)}`;
    const chirp = await createChirp(app, author, 'tag me');
    const url = `${app.url}/api/chirps/${chirp.id}`;
    const first = await request(url);
    const etag = strongEtagOf(first, `GET /api/chirps/${chirp.id}`);
    check(strongEtagOf(await request(url), 'a second GET of the same chirp') === etag, 'two GETs of the same unchanged chirp: expected the same ETag');
    const not = await expect304(url, { 'If-None-Match': etag }, `GET /api/chirps/${chirp.id} with If-None-Match: ${etag}`);
    check(header(not, 'etag') === etag, `a 304 repeats the ETag: expected ${etag}, got ${header(not, 'etag')}`);
    check(header(not, 'cache-control') !== undefined, 'a 304 repeats Cache-Control (it refreshes the client\'s copy)');
    await expect304(url, { 'If-None-Match': `"nope", W/${etag}` }, `If-None-Match: "nope", W/${etag} (a list; weak comparison)`);
    await expect304(url, { 'If-None-Match': '*' }, 'If-None-Match: *');
    await expect200(url, { 'If-None-Match': '"something-else"' }, 'If-None-Match with another tag');
    await expect200(url, { 'If-None-Match': `${etag.slice(0, -2)}"` }, 'If-None-Match with a tag one character shorter');
    for (const hostile of ['"', '""""', 'W/', `${'"x",'.repeat(500)}"y"`, 'garbage']) {
      await expect200(url, { 'If-None-Match': hostile }, `If-None-Match: ${excerpt(hostile, 40)}`);
    }
    const timeline = `${app.url}/api/chirps?author=${author}`;
    const pageTag = strongEtagOf(await request(timeline), `GET /api/chirps?author=${author}`);
    await expect304(timeline, { 'If-None-Match': pageTag }, 'a timeline page with its own ETag');
    await createChirp(app, author, 'a new chirp changes the page');
    const changed = await expect200(timeline, { 'If-None-Match': pageTag }, 'the timeline after a new chirp, with the old ETag');
    check(strongEtagOf(changed, 'the changed timeline') !== pageTag, 'a changed timeline page must get a new ETag');
  });

  it('Last-Modified on a chirp is its creation time; If-Modified-Since gives 304 at whole-second precision', async () => {
    const { app } = await stack();
    const chirp = await createChirp(app, 'since', 'when was I made');
    const url = `${app.url}/api/chirps/${chirp.id}`;
    const res = await request(url);
    const lastModified = header(res, 'last-modified');
    const created = Math.floor(Date.parse(chirp.createdAt) / 1000) * 1000;
    check(lastModified !== undefined && Date.parse(lastModified) === created, `GET /api/chirps/${chirp.id}: expected Last-Modified ${new Date(created).toUTCString()} (createdAt ${chirp.createdAt}), got ${JSON.stringify(lastModified ?? null)}`);
    await expect304(url, { 'If-Modified-Since': lastModified }, `If-Modified-Since: ${lastModified} (its own Last-Modified)`);
    await expect304(url, { 'If-Modified-Since': new Date(created + 60_000).toUTCString() }, 'If-Modified-Since a minute later');
    await expect200(url, { 'If-Modified-Since': new Date(created - 1000).toUTCString() }, 'If-Modified-Since one second before it was made');
    await expect200(url, { 'If-Modified-Since': 'not a date' }, 'If-Modified-Since: not a date (ignored)');
    await expect200(url, { 'If-None-Match': '"other"', 'If-Modified-Since': new Date(created + 60_000).toUTCString() }, 'If-None-Match that does not match, with a later If-Modified-Since (If-None-Match decides)');
  });

  it('the page revalidates: its ETag gives 304', async () => {
    const { app } = await stack();
    const page = await request(`${app.url}/`);
    const etag = strongEtagOf(page, 'GET /');
    await expect304(`${app.url}/`, { 'If-None-Match': etag }, 'GET / with its ETag');
  });
});
