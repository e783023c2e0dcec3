import { readFileSync } from 'node:fs';
import path from 'node:path';
import { check, describeTask, excerpt, expectNoTraversal, expectStatus, request, runContext, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { startChirp } from './support.ts';

const publicDir = () => path.join(runContext().codeDir, 'public');

const ASSETS: [url: string, file: string, type: RegExp][] = [
  ['/', 'index.html', /^text\/html\b/],
  ['/static/app.js', 'static/app.js', /^(text|application)\/javascript\b/],
  ['/static/style.css', 'static/style.css', /^text\/css\b/],
  ['/static/favicon.svg', 'static/favicon.svg', /^image\/svg\+xml\b/],
];

describeTask('T7', () => {
  const app = shared(() => startChirp());

  it('serves the page and its assets with the right Content-Type and exact bytes', async () => {
    const { url } = await app();
    for (const [route, file, type] of ASSETS) {
      const res = await request(`${url}${route}`);
      expectStatus(res, 200, `GET ${route}`);
      const contentType = String(res.headers['content-type'] ?? '');
      check(type.test(contentType), `GET ${route}: expected Content-Type matching ${type}, got "${contentType || '(none)'}"`);
      const expected = readFileSync(path.join(publicDir(), file));
      check(res.body.equals(expected), `GET ${route}: expected the bytes of public/${file} (${expected.length} bytes), got ${res.body.length} bytes: ${excerpt(res.text, 120)}`);
    }
  });

  it('answers 404 for a static file that does not exist', async () => {
    const { url } = await app();
    const name = `/static/${seeded('T7').string('abcdefgh', 10)}.js`;
    expectStatus(await request(`${url}${name}`), 404, `GET ${name}`);
  });

  it('never serves a file outside public/, however the path is spelled', async () => {
    const { url, component } = await app();
    await expectNoTraversal(url, { prefix: '/static/', clientError: true });
    // The one spelling that starts above /static/ itself.
    await expectNoTraversal(url, { prefix: '/', clientError: true });
    check(component.running, 'the app must survive path traversal attempts');
  });
});
