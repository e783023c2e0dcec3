import { gunzipSync, gzipSync } from 'node:zlib';
import { check, describeTask, excerpt, expectStatus, type HttpResponse, request, seeded, shared } from '@scaling-lab/grader/harness';
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
});
