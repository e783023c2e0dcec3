import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../src/static-server.ts';
import { fixtureCopy } from './support/fixture.ts';

function get(url: string): Promise<{ status: number; type?: string; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], location: res.headers.location, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the static server', () => {
  const dirs = fixtureCopy();
  let server: StaticServer;
  beforeAll(async () => {
    const book = path.join(dirs.outDir, 'book');
    mkdirSync(path.join(book, 'guide'), { recursive: true });
    writeFileSync(path.join(book, 'index.html'), '<p>home</p>');
    writeFileSync(path.join(book, 'guide', 'index.html'), '<p>guide</p>');
    writeFileSync(path.join(book, '404.html'), '<p>not found</p>');
    writeFileSync(path.join(dirs.outDir, 'secret.txt'), 'outside the book');
    server = await serveStatic(book, 0);
  });
  afterAll(async () => {
    await server.close();
    dirs.cleanup();
  });

  it('listens on 127.0.0.1 and serves folders through their index.html', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get(`${server.url}guide/`)).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<p>guide</p>' });
  });

  it('redirects a folder without its slash, so relative links resolve', async () => {
    expect(await get(`${server.url}guide?x=1`)).toMatchObject({ status: 301, location: '/guide/?x=1' });
  });

  it('answers unknown paths with the 404 page and status 404', async () => {
    expect(await get(`${server.url}no/such/page/`)).toMatchObject({ status: 404, body: '<p>not found</p>' });
  });

  it('never serves a file outside the book', async () => {
    expect(await get(`${server.url}..%2fsecret.txt`)).toMatchObject({ status: 404 });
    expect(await get(`${server.url}%2e%2e/secret.txt`)).toMatchObject({ status: 404 });
  });
});
