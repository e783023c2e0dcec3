import http from 'node:http';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { check, describeTask, excerpt, expectStatus, type HttpResponse, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { startStack, uniquePath } from './support.ts';

/** About 20 KB of chirps as JSON: repetitive text, the kind gzip shrinks well. */
function chirpsJson(label: string): string {
  const rng = seeded(label);
  const words = ['proxy', 'edge', 'gzip', 'latency', 'backend', 'cookie', 'bucket', 'token', 'stream', 'header'];
  const chirps = Array.from({ length: 120 }, (_, i) => ({
    id: i + 1,
    author: `user_${rng.int(1, 50)}`,
    text: Array.from({ length: rng.int(8, 20) }, () => rng.pick(words)).join(' '),
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  }));
  return JSON.stringify({ chirps, nextCursor: null });
}

/** The members of a Vary header, lower-cased. */
const varyList = (res: HttpResponse) => String(res.headers.vary ?? '').split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);

/** An entity tag as RFC 9110 spells it: "opaque", or W/"opaque" for a weak one. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** What gunzip can make of the bytes received so far (a stream may still be open). */
function gunzipSoFar(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

const varyHas = (res: HttpResponse, name: string) => String(res.headers.vary ?? '').split(',').some((v) => ['*', name].includes(v.trim().toLowerCase()));

describeTask('T6', () => {
  const stack = shared(() => startStack());

  it('gzips a text response for a client that accepts gzip, with Vary: Accept-Encoding', async () => {
    const { proxy, backend } = await stack();
    for (const type of ['application/json; charset=utf-8', 'text/html; charset=utf-8']) {
      const text = chirpsJson(`T6 ${type}`);
      const path = uniquePath('/api/t6-gzip');
      await backend.behave({ path, headers: { 'content-type': type }, body: text });
      const res = await request(`${proxy.url}${path}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      const action = `GET ${path} with Accept-Encoding: gzip, deflate, br (a ${text.length}-byte ${type.split(';')[0]} answer)`;
      expectStatus(res, 200, action);
      check(res.headers['content-encoding'] === 'gzip', `${action}: expected Content-Encoding: gzip, got ${JSON.stringify(res.headers['content-encoding'] ?? '(none)')}`);
      let unzipped = '';
      try {
        unzipped = gunzipSync(res.body).toString('utf8');
      } catch (error) {
        check(false, `${action}: the body is not valid gzip (${(error as Error).message})`);
      }
      check(unzipped === text, `${action}: once gunzipped, the body differs from the backend's: ${excerpt(unzipped, 100)}`);
      check(res.body.length < text.length / 2, `${action}: expected the gzipped body to be much smaller than ${text.length} bytes, got ${res.body.length}`);
      const length = res.headers['content-length'];
      check(length === undefined || Number(length) === res.body.length, `${action}: Content-Length says ${length} but ${res.body.length} bytes came; drop the backend's Content-Length when compressing`);
      check(varyHas(res, 'accept-encoding'), `${action}: expected Vary: Accept-Encoding (a cache must not give this gzip to a client that cannot read it), got ${JSON.stringify(res.headers.vary ?? '(none)')}`);
    }
  });

  it('sends the bytes unchanged to a client that does not accept gzip', async () => {
    const { proxy, backend } = await stack();
    const text = chirpsJson('T6 plain');
    const path = uniquePath('/api/t6-plain');
    await backend.behave({ path, headers: { 'content-type': 'application/json' }, body: text });
    for (const headers of [{}, { 'accept-encoding': 'identity' }]) {
      const res = await request(`${proxy.url}${path}`, { headers });
      const action = `GET ${path} with ${Object.keys(headers).length ? 'Accept-Encoding: identity' : 'no Accept-Encoding'}`;
      expectStatus(res, 200, action);
      check(res.headers['content-encoding'] === undefined, `${action}: expected no Content-Encoding, got ${res.headers['content-encoding']}`);
      check(res.text === text, `${action}: expected the backend's exact body, got ${excerpt(res.text, 100)}`);
    }
  });

  it('does not compress what is compressed already (images)', async () => {
    const { proxy, backend } = await stack();
    const rng = seeded('T6 png');
    const png = Buffer.from(Array.from({ length: 20_000 }, () => rng.int(0, 255)));
    const path = uniquePath('/api/t6-image');
    await backend.behave({ path, headers: { 'content-type': 'image/png' }, bodyBase64: png.toString('base64') });
    const res = await request(`${proxy.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
    expectStatus(res, 200, `GET ${path} (image/png)`);
    check(res.headers['content-encoding'] === undefined && res.body.equals(png), `GET ${path} (image/png) with Accept-Encoding: gzip: expected the image's bytes untouched, got Content-Encoding ${JSON.stringify(res.headers['content-encoding'] ?? '(none)')} and ${res.body.length} bytes`);
  });

  it('never compresses a response twice', async () => {
    const { proxy, backend } = await stack();
    const text = chirpsJson('T6 twice');
    const gzipped = gzipSync(Buffer.from(text));
    const path = uniquePath('/api/t6-encoded');
    await backend.behave({ path, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'Accept-Encoding' }, bodyBase64: gzipped.toString('base64') });
    const res = await request(`${proxy.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
    const action = `GET ${path} (the backend already sends Content-Encoding: gzip)`;
    expectStatus(res, 200, action);
    check(res.headers['content-encoding'] === 'gzip', `${action}: expected Content-Encoding: gzip exactly once, got ${JSON.stringify(res.headers['content-encoding'])}`);
    check(res.body.equals(gzipped), `${action}: expected the backend's gzip bytes unchanged (${gzipped.length} bytes), got ${res.body.length} bytes`);
  });

  it('gzips every text-like type, and leaves compressed types, tiny answers and no-transform alone', async () => {
    const { proxy, backend } = await stack();
    const text = Buffer.from(chirpsJson('T6 types'));
    const rng = seeded('T6 binary');
    const binary = Buffer.from(Array.from({ length: 20_000 }, () => rng.int(0, 255)));
    const tiny = Buffer.from(JSON.stringify({ chirps: [{ id: 1, author: 'ada', text: 'small enough to send as it is' }], nextCursor: null }));
    const cases: { headers: Record<string, string>; body: Buffer; gzip: boolean; what: string }[] = [
      ...['text/css', 'text/plain; charset=utf-8', 'application/javascript', 'application/xml', 'image/svg+xml'].map((type) => ({ headers: { 'content-type': type }, body: text, gzip: true, what: `a ${text.length}-byte ${type} answer` })),
      ...['image/jpeg', 'video/mp4', 'application/zip'].map((type) => ({ headers: { 'content-type': type }, body: binary, gzip: false, what: `a ${binary.length}-byte ${type} answer (compressed already)` })),
      { headers: { 'content-type': 'application/json', 'cache-control': 'public, no-transform, max-age=60' }, body: text, gzip: false, what: `a ${text.length}-byte JSON answer with Cache-Control: public, no-transform, max-age=60` },
      { headers: { 'content-type': 'application/json; charset=utf-8' }, body: tiny, gzip: false, what: `a ${tiny.length}-byte JSON answer (tiny)` },
    ];
    for (const { headers, body, gzip, what } of cases) {
      const path = uniquePath('/api/t6-type');
      await backend.behave({ path, headers, bodyBase64: body.toString('base64') });
      const res = await request(`${proxy.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      const action = `GET ${path} with Accept-Encoding: gzip (${what})`;
      expectStatus(res, 200, action);
      if (gzip) {
        check(res.headers['content-encoding'] === 'gzip', `${action}: expected Content-Encoding: gzip (text-like types are worth compressing), got ${JSON.stringify(res.headers['content-encoding'] ?? '(none)')}`);
        check(gunzipSoFar(res.body).equals(body), `${action}: once gunzipped, the body differs from the backend's`);
      } else {
        check(res.headers['content-encoding'] === undefined && res.body.equals(body), `${action}: expected the backend's bytes untouched, got Content-Encoding ${JSON.stringify(res.headers['content-encoding'] ?? '(none)')} and ${res.body.length} bytes`);
      }
    }
  });

  it('reads the weights of Accept-Encoding: q=0 refuses gzip, any other weight accepts it', async () => {
    const { proxy, backend } = await stack();
    const text = chirpsJson('T6 weights');
    const path = uniquePath('/api/t6-weights');
    await backend.behave({ path, headers: { 'content-type': 'application/json' }, body: text });
    const cases: [acceptEncoding: string, gzip: boolean][] = [['gzip;q=0', false], ['deflate, gzip; q=0', false], ['identity, gzip;q=0.000', false], ['gzip;q=0.5', true], ['deflate, gzip ;q=0.8', true]];
    for (const [acceptEncoding, gzip] of cases) {
      const res = await request(`${proxy.url}${path}`, { headers: { 'accept-encoding': acceptEncoding } });
      const action = `GET ${path} with Accept-Encoding: ${acceptEncoding}`;
      expectStatus(res, 200, action);
      if (gzip) check(res.headers['content-encoding'] === 'gzip' && gunzipSoFar(res.body).toString('utf8') === text, `${action}: a weight above 0 accepts gzip; expected a gzipped body, got Content-Encoding ${JSON.stringify(res.headers['content-encoding'] ?? '(none)')}`);
      else check(res.headers['content-encoding'] === undefined && res.text === text, `${action}: q=0 means "not gzip"; expected the backend's bytes untouched, got Content-Encoding ${JSON.stringify(res.headers['content-encoding'] ?? '(none)')}`);
    }
  });

  it('a gzipped answer carries a weak or new ETag, never the strong one of the plain bytes', async () => {
    const { proxy, backend } = await stack();
    const rng = seeded('T6 etag');
    const text = chirpsJson('T6 etag');
    const strong = `"v-${rng.string('abcdef0123456789', 12)}"`;
    const weak = `W/"v-${rng.string('abcdef0123456789', 12)}"`;
    for (const etag of [strong, weak, undefined]) {
      const path = uniquePath('/api/t6-etag');
      await backend.behave({ path, headers: { 'content-type': 'application/json', ...(etag ? { etag } : {}) }, body: text });
      const res = await request(`${proxy.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      const action = `GET ${path} with Accept-Encoding: gzip (the backend sends ${etag ? `ETag: ${etag}` : 'no ETag'})`;
      expectStatus(res, 200, action);
      check(res.headers['content-encoding'] === 'gzip', `${action}: expected Content-Encoding: gzip, got ${JSON.stringify(res.headers['content-encoding'] ?? '(none)')}`);
      const got = res.headers.etag;
      check(got === undefined || ENTITY_TAG.test(got), `${action}: the client received ETag: ${got}, which is not an entity tag ("..." or W/"...")`);
      if (etag === strong) check(got !== strong, `${action}: the client received the backend's strong ETag ${strong} with gzipped bytes; a strong ETag names exact bytes, so weaken it (W/${strong})`);
    }
  });

  it("adds Accept-Encoding to the backend's Vary instead of replacing it", async () => {
    const { proxy, backend } = await stack();
    const text = chirpsJson('T6 vary');
    for (const vary of ['Cookie', undefined]) {
      const path = uniquePath('/api/t6-vary');
      await backend.behave({ path, headers: { 'content-type': 'application/json', ...(vary ? { vary } : {}) }, body: text });
      const res = await request(`${proxy.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      const action = `GET ${path} with Accept-Encoding: gzip (the backend sends ${vary ? `Vary: ${vary}` : 'no Vary'})`;
      expectStatus(res, 200, action);
      const expected = vary ? ['cookie', 'accept-encoding'] : ['accept-encoding'];
      const got = varyList(res);
      const ok = got.includes('*') || (expected.every((name) => got.includes(name)) && got.every((name) => expected.includes(name)));
      check(ok, `${action}: expected Vary: ${vary ? `${vary}, ` : ''}Accept-Encoding (the backend's list, plus Accept-Encoding), got ${JSON.stringify(res.headers.vary ?? '(none)')}`);
    }
  });

  it('a streamed text answer keeps streaming when it is gzipped', async () => {
    const { proxy, backend } = await stack();
    const text = Buffer.from(chirpsJson('T6 stream'));
    const half = Math.ceil(text.length / 2);
    const path = uniquePath('/api/t6-stream');
    // The first half now, the second in 20 s: the test ends before then.
    await backend.behave({ path, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text.toString('utf8'), chunks: 2, chunkDelayMs: 20_000 });
    const chunks: Buffer[] = [];
    let headers: http.IncomingHttpHeaders | undefined;
    const req = http.get(`${proxy.url}${path}`, { agent: false, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      headers = res.headers;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => {});
    });
    req.on('error', () => {});
    try {
      await pollUntil(() => headers !== undefined && (headers['content-encoding'] === 'gzip' ? gunzipSoFar(Buffer.concat(chunks)) : Buffer.concat(chunks)).length >= half, {
        what: `the first ${half} bytes of GET ${path} (text/plain, Accept-Encoding: gzip) to come through while the backend holds back the rest; gzip keeps what it is given until its buffer fills, unless each piece is flushed (README.md, "T6 · Compression")`,
        timeoutMs: 5000,
      });
    } finally {
      req.destroy();
    }
    const received = headers?.['content-encoding'] === 'gzip' ? gunzipSoFar(Buffer.concat(chunks)) : Buffer.concat(chunks);
    check(received.subarray(0, half).equals(text.subarray(0, half)), `GET ${path}: the first ${half} bytes that came through differ from the backend's`);
  });
});
