import { readFileSync } from 'node:fs';
import path from 'node:path';
import { check, describeTask, excerpt, expectNoTraversal, expectStatus, type HttpResponse, request, RequestFailure, runContext, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { echoOf, startStack } from './support.ts';

const publicDir = () => path.join(runContext().codeDir, 'public');

const ASSETS: [url: string, file: string, type: RegExp][] = [
  ['/', 'index.html', /^text\/html\b/],
  ['/static/app.js', 'static/app.js', /^(text|application)\/javascript\b/],
  ['/static/style.css', 'static/style.css', /^text\/css\b/],
  ['/static/favicon.svg', 'static/favicon.svg', /^image\/svg\+xml\b/],
];

/** URLs the backend received that belong to the proxy: "/" and anything under /static. */
async function staticRequestsSeen(backend: { requests(): Promise<{ url: string }[]> }): Promise<string[]> {
  return (await backend.requests()).map((r) => r.url).filter((url) => url === '/' || url.startsWith('/static'));
}

describeTask('T3', () => {
  const stack = shared(() => startStack());

  it('serves the page and its assets itself, with the right Content-Type and exact bytes', async () => {
    const { proxy, backend } = await stack();
    for (const [route, file, type] of ASSETS) {
      const res = await request(`${proxy.url}${route}`);
      expectStatus(res, 200, `GET ${route}`);
      const contentType = String(res.headers['content-type'] ?? '');
      check(type.test(contentType), `GET ${route}: expected Content-Type matching ${type}, got "${contentType || '(none)'}"`);
      const expected = readFileSync(path.join(publicDir(), file));
      check(res.body.equals(expected), `GET ${route}: expected the bytes of public/${file} (${expected.length} bytes), got ${res.body.length} bytes: ${excerpt(res.text, 120)}`);
    }
    const leaked = await staticRequestsSeen(backend);
    check(leaked.length === 0, `the backend received ${leaked.join(', ')}: the page and /static/* must be served by the proxy alone`);
  });

  it('answers 404 for a missing asset, without asking the backend', async () => {
    const { proxy, backend } = await stack();
    const name = `/static/${seeded('T3 missing').string('abcdefgh', 10)}.js`;
    const res = await request(`${proxy.url}${name}`);
    check(res.status === 404, `GET ${name} (no such file in public/static): expected 404 from the proxy, got ${res.status} with body ${excerpt(res.text)}`);
    const leaked = await staticRequestsSeen(backend);
    check(leaked.length === 0, `the backend received ${leaked.join(', ')}: a missing asset is the proxy's 404, /static/* never reaches a backend`);
  });

  it('sends ETag and Last-Modified, and 304 Not Modified to a client whose copy is current', async () => {
    const { proxy } = await stack();
    const route = '/static/style.css';
    const first = await request(`${proxy.url}${route}`);
    expectStatus(first, 200, `GET ${route}`);
    const etag = first.headers.etag;
    const lastModified = first.headers['last-modified'];
    check(typeof etag === 'string' && etag !== '', `GET ${route}: expected an ETag header (a version tag for the file), got none`);
    check(typeof lastModified === 'string' && !Number.isNaN(Date.parse(lastModified)), `GET ${route}: expected a Last-Modified date, got ${JSON.stringify(lastModified)}`);
    const byTag = await request(`${proxy.url}${route}`, { headers: { 'if-none-match': etag } });
    check(byTag.status === 304 && byTag.body.length === 0, `GET ${route} with If-None-Match: ${etag}: expected 304 with no body, got ${byTag.status} with ${byTag.body.length} bytes`);
    const byDate = await request(`${proxy.url}${route}`, { headers: { 'if-modified-since': lastModified } });
    check(byDate.status === 304, `GET ${route} with If-Modified-Since: ${lastModified}: expected 304, got ${byDate.status}`);
    const stale = await request(`${proxy.url}${route}`, { headers: { 'if-none-match': '"an-old-version"' } });
    check(stale.status === 200 && stale.body.length > 0, `GET ${route} with an If-None-Match that does not match: expected 200 and the file, got ${stale.status}`);
  });

  it('answers "/" whatever range or precondition the request carries', async () => {
    const { proxy, backend } = await stack();
    const page = readFileSync(path.join(publicDir(), 'index.html'));
    // Ranges and preconditions a file server may honour or ignore; either way, an answer must come.
    const cases: Record<string, string>[] = [{ range: `bytes=${page.length + 1000}-` }, { 'if-match': '"not-this-version"' }, { range: 'bytes=0-9' }];
    for (const headers of cases) {
      const action = `GET / with ${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join(', ')}`;
      let res: HttpResponse;
      try {
        res = await request(`${proxy.url}/`, { headers, timeoutMs: 5000 });
      } catch (error) {
        if (error instanceof RequestFailure && error.code === 'TIMEOUT') throw new RequestFailure(`${action}: no answer after 5 s; when sending the file fails (416, 412...), pass the error on so it gets an answer`, 'TIMEOUT');
        throw error;
      }
      check(res.status < 500, () => `${action}: expected the page, a part of it, or a 4xx refusal, got ${res.status}: ${excerpt(res.text)}`);
      if (res.status === 200) check(res.body.equals(page), `${action}: a 200 answer must carry the whole of public/index.html, got ${res.body.length} bytes`);
      if (res.status === 206) check(page.toString('latin1').includes(res.body.toString('latin1')) && res.body.length > 0, `${action}: a 206 answer must carry a part of public/index.html`);
    }
    const leaked = await staticRequestsSeen(backend);
    check(leaked.length === 0, `the backend received ${leaked.join(', ')}: "/" is the proxy's, whatever headers come with it`);
  });

  it('never serves a file outside public/, however the path is spelled', async () => {
    const { proxy } = await stack();
    await expectNoTraversal(proxy.url, { prefix: '/static/' });
    check(proxy.component.running, 'the proxy must survive path traversal attempts');
  });

  it('every other path still goes to the backend', async () => {
    const { proxy } = await stack();
    for (const route of ['/api/chirps?limit=5', '/staticky/app.js', '/healthz']) {
      const echo = echoOf(await request(`${proxy.url}${route}`), `GET ${route} (not "/" and not under /static/)`);
      check(echo.url === route, `GET ${route}: expected the backend to receive ${route}, it received ${echo.url}`);
    }
  });
});
