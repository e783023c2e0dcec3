import { createHash } from 'node:crypto';
import { check, describeTask, excerpt, expectJson, openRequest, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { expectOriginCount, startEdge, TOKEN } from './edge-support.ts';

const LIMIT = 64 * 1024;
const AUTH = { authorization: `Bearer ${TOKEN}` };

interface Uploaded {
  path: string;
  bytes: number;
  type: string;
}

function upload(edge: { url: string }, name: string, body: Buffer | string, type: string, headers: Record<string, string> = AUTH) {
  return request(`${edge.url}/_edge/assets/${name}`, { method: 'PUT', body, headers: { ...headers, 'content-type': type }, timeoutMs: 8000 });
}

const hash16 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

describeTask('T10', () => {
  const setup = shared(() => startEdge({ UPLOAD_MAX_BYTES: String(LIMIT) }));

  it('stores an upload under a content-hashed name and serves it from the edge, immutable, with a strong ETag', async () => {
    const { edge, origin } = await setup();
    const random = seeded('t10-upload');
    const css = `body { color: #${random.string('0123456789abcdef', 6)}; }\n`;
    const res = await upload(edge, 'site.min.css', css, 'text/css; charset=utf-8');
    check(res.status === 201, `PUT /_edge/assets/site.min.css with the token: expected 201, got ${res.status} ${excerpt(res.text)}`);
    const body = expectJson<Uploaded>(res, 'PUT /_edge/assets/site.min.css');
    const expected = `/assets/site.min.${hash16(css)}.css`;
    check(body.path === expected && body.bytes === Buffer.byteLength(css) && body.type === 'text/css', `PUT /_edge/assets/site.min.css: expected {"path": "${expected}", "bytes": ${Buffer.byteLength(css)}, "type": "text/css"}, got ${excerpt(res.text)}`);
    const served = await request(`${edge.url}${body.path}`);
    check(served.status === 200 && served.text === css, `GET ${body.path}: expected 200 with the uploaded bytes, got ${served.status} ${excerpt(served.text)}`);
    check(String(served.headers['content-type']).startsWith('text/css'), `GET ${body.path}: expected Content-Type text/css, got ${served.headers['content-type']}`);
    const cc = String(served.headers['cache-control'] ?? '').toLowerCase().replace(/\s/g, '');
    check(cc.includes('public') && cc.includes('max-age=31536000') && cc.includes('immutable'), `GET ${body.path}: expected Cache-Control: public, max-age=31536000, immutable, got ${served.headers['cache-control']}`);
    const etag = String(served.headers.etag ?? '');
    check(/^"[^"]+"$/.test(etag), `GET ${body.path}: expected a strong ETag like "abc" (no W/), got ${JSON.stringify(served.headers.etag)}`);
    const again = await request(`${edge.url}${body.path}`, { headers: { 'if-none-match': etag } });
    check(again.status === 304, `GET ${body.path} with If-None-Match: ${etag}: expected 304, got ${again.status}`);

    const repeat = await upload(edge, 'site.min.css', css, 'text/css');
    check(repeat.status === 201 && expectJson<Uploaded>(repeat, 'the same upload again').path === expected, `uploading the same bytes again must give the same path ${expected}, got ${repeat.status} ${excerpt(repeat.text)}`);
    const changed = `${css}/* v2 */\n`;
    const next = expectJson<Uploaded>(await upload(edge, 'site.min.css', changed, 'text/css'), 'uploading new bytes under the same name');
    check(next.path === `/assets/site.min.${hash16(changed)}.css`, `new bytes under the same name must get a new hashed path, got ${next.path}`);
    check((await request(`${edge.url}${expected}`)).text === css, `after a new version, the old path ${expected} must still serve the old bytes (pages not yet redeployed still use it)`);

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0x00, 0x80]);
    const image = expectJson<Uploaded>(await upload(edge, 'logo_2x.png', png, 'image/png'), 'PUT /_edge/assets/logo_2x.png');
    const bytes = await request(`${edge.url}${image.path}`);
    check(bytes.body.equals(png) && bytes.headers['content-type'] === 'image/png', `GET ${image.path}: expected the exact ${png.length} PNG bytes as image/png, got ${bytes.body.length} bytes as ${bytes.headers['content-type']}`);
    const missing = await request(`${edge.url}/assets/nothing.0123456789abcdef.css`);
    check(missing.status === 404, `GET an asset never uploaded: expected 404, got ${missing.status}`);
    check((await origin.requests()).every((r) => !r.url.startsWith('/assets/') && !r.url.startsWith('/_edge/')), 'pushed assets and the upload API must never reach the origin');
  });

  it('refuses an upload without the right token (401) and does not store it', async () => {
    const { edge } = await setup();
    for (const [headers, what] of [
      [{}, 'no Authorization'],
      [{ authorization: `Bearer ${TOKEN.toUpperCase()}` }, 'the token in upper case'],
      [{ authorization: `Bearer ${TOKEN.slice(1)}` }, 'a token one character short'],
      [{ authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, 'Basic credentials'],
    ] as [Record<string, string>, string][]) {
      const res = await upload(edge, 'evil.js', 'alert(1)', 'text/javascript', headers);
      check(res.status === 401, `PUT /_edge/assets/evil.js with ${what}: expected 401, got ${res.status} ${excerpt(res.text)}`);
    }
    const res = await request(`${edge.url}/assets/evil.${hash16('alert(1)')}.js`);
    check(res.status === 404, `an upload refused with 401 must not be served, but GET /assets/evil.${hash16('alert(1)')}.js answered ${res.status}`);
  });

  it('checks the size while streaming: 413 over UPLOAD_MAX_BYTES (with or without Content-Length), the limit itself is fine', async () => {
    const { edge } = await setup();
    const exact = Buffer.alloc(LIMIT, 0x61);
    const ok = await upload(edge, 'exact.txt', exact, 'text/plain');
    check(ok.status === 201, `PUT ${LIMIT} bytes (exactly UPLOAD_MAX_BYTES): expected 201, got ${ok.status} ${excerpt(ok.text)}`);
    const over = await upload(edge, 'over.txt', Buffer.alloc(LIMIT + 1, 0x62), 'text/plain');
    check(over.status === 413, `PUT ${LIMIT + 1} bytes (UPLOAD_MAX_BYTES=${LIMIT}): expected 413, got ${over.status} ${excerpt(over.text)}`);
    // No Content-Length: the body arrives in pieces, and only counting reveals its size.
    const open = openRequest(`${edge.url}/_edge/assets/chunked.txt`, { method: 'PUT', headers: { ...AUTH, 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, timeoutMs: 8000 });
    let status = 0;
    void open.response.then((res) => (status = res.status), () => {});
    for (let i = 0; i < 6 && status === 0; i++) await open.write(Buffer.alloc(20_000, 0x63)).catch(() => {});
    const res = await open.end().catch((error: Error) => ({ status: status || 0, text: error.message }));
    check(res.status === 413, `PUT 120000 bytes in chunks, without Content-Length (UPLOAD_MAX_BYTES=${LIMIT}): expected 413, got ${res.status} ${excerpt(res.text)}`);
    const stored = await request(`${edge.url}/assets/chunked.${hash16(Buffer.alloc(120_000, 0x63))}.txt`);
    check(stored.status === 404, 'an upload refused with 413 must not be stored');
  });

  it('415 for a Content-Type that is missing, not allowed, or does not match the extension', async () => {
    const { edge } = await setup();
    for (const [name, type, what] of [
      ['app.css', 'image/png', 'a .css file sent as image/png'],
      ['app.js', 'text/html', 'a .js file sent as text/html'],
      ['page.html', 'text/html', 'HTML (not an asset type)'],
      ['tool.exe', 'application/octet-stream', 'an .exe'],
      ['app.css', '', 'no Content-Type'],
    ]) {
      const res = await upload(edge, name!, 'x', type!);
      check(res.status === 415, `PUT /_edge/assets/${name} with ${what}: expected 415, got ${res.status} ${excerpt(res.text)}`);
    }
  });

  it('400 for a bad file name: traversal, slashes, odd characters, too long', async () => {
    const { edge, origin } = await setup();
    for (const name of ['..%2F..%2Fetc%2Fpasswd.css', '../escape.css', '..', 'a/b.css', 'sub%2Fb.css', '%2e%2e%2fx.css', 'bad%20name.css', 'semi%3Bcolon.css', 'x%00.css', 'tab%09.css', `${'a'.repeat(300)}.css`, '.css']) {
      const res = await upload(edge, name, 'x', 'text/css');
      check(res.status === 400, `PUT /_edge/assets/${name.slice(0, 60)}: expected 400 (a bad file name), got ${res.status} ${excerpt(res.text)}`);
    }
    await expectOriginCount(origin, '/_edge/assets/../escape.css', 0, 'uploads never reach the origin');
  });
});
