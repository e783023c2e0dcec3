import { check, describeTask, excerpt, expectJsonError, expectStatus, fillerBytes, openRequest, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { afterAll, it } from 'vitest';
import { ProbeBackend, streamingGet } from './support-probe.ts';
import { echoOf, headerAt, requestsFor, startProxy, startStack, uniquePath } from './support.ts';

const MiB = 1024 * 1024;
/**
 * Characters that are legal in a path or query and that a careless proxy might re-encode or
 * decode. Not "'" or "//": http-proxy itself changes those (see the lesson's note on T1).
 */
const PATH_PIECES = ['a%20b', '%E2%9C%93', 'x%2Fy', '~user', '(1)', 'a+b', 'k=v;p', 'c@d', 'm:n', '!', '$', '*'];

describeTask('T1', () => {
  const stack = shared(() => startStack());
  let probe: ProbeBackend | undefined;
  const probed = shared(async () => {
    probe = await ProbeBackend.start();
    return { probe, proxy: await startProxy({ BACKEND_URL: probe.url }, 'your proxy (in front of a streaming backend)') };
  });
  afterAll(async () => probe?.close());

  it('every method, path and query string reaches the backend exactly as written', async () => {
    const { proxy, backend } = await stack();
    const rng = seeded('T1 paths');
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']) {
      const pieces = Array.from({ length: 3 }, () => rng.pick(PATH_PIECES));
      const path = `${uniquePath('/api/t1')}/${pieces.join('/')}?q=${rng.pick(PATH_PIECES)}&q=${rng.int(1, 999)}&empty=&flag&next=%2Fapi%3Fx%3D1`;
      const res = await request(`${proxy.url}${path}`, { method });
      const action = `${method} ${path} through the proxy`;
      if (method === 'HEAD') {
        expectStatus(res, 200, action);
        check(res.body.length === 0, `${action}: a HEAD answer has no body, got ${res.body.length} bytes`);
        const seen = await requestsFor(backend, path);
        check(seen.length === 1 && seen[0]!.method === 'HEAD', () => `${action}: expected the backend to receive one HEAD ${path}, it received ${JSON.stringify(seen.map((r) => `${r.method} ${r.url}`))}`);
        continue;
      }
      const echo = echoOf(res, action);
      check(echo.method === method, `${action}: the backend received method ${echo.method}, expected ${method}`);
      check(echo.url === path, `${action}: the backend received the path and query ${JSON.stringify(echo.url)}, expected exactly ${JSON.stringify(path)} (no decoding, re-encoding or normalising)`);
    }
  });

  it('request bodies and end-to-end request headers arrive unchanged', async () => {
    const { proxy } = await stack();
    const rng = seeded('T1 bodies');
    for (const method of ['POST', 'PUT', 'PATCH']) {
      const body = JSON.stringify({ author: `user_${rng.int(1, 999)}`, text: `chirp ${rng.string('abcdef ', 40)} ✓`, n: rng.int(0, 1e9) });
      const sent = {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${rng.string('abcdef0123456789', 32)}`,
        cookie: `session=${rng.string('abcdef0123456789', 16)}; theme=dark`,
        'user-agent': `scaling-lab-grader/${rng.int(1, 9)}.0`,
        accept: 'application/json',
        'x-request-id': rng.string('abcdef0123456789', 12),
      };
      const path = uniquePath('/api/t1-bodies');
      const echo = echoOf(await request(`${proxy.url}${path}`, { method, headers: sent, body }), `${method} ${path} with a JSON body`);
      check(echo.body === body, `${method} ${path}: the backend received the body ${excerpt(echo.body, 120)}, expected ${excerpt(body, 120)}`);
      for (const [name, value] of Object.entries(sent)) {
        check(headerAt(echo, name) === value, `${method} ${path}: the backend received ${name}: ${JSON.stringify(headerAt(echo, name))}, expected ${JSON.stringify(value)} (an end-to-end header passes unchanged)`);
      }
    }
  });

  it('status codes, end-to-end response headers and bodies come back unchanged', async () => {
    const { proxy, backend } = await stack();
    const rng = seeded('T1 statuses');
    for (const status of [200, 201, 202, 301, 400, 404, 409, 418, 422, 500, 503]) {
      const path = uniquePath(`/status/${status}`);
      const headers = {
        'x-chirp-trace': rng.string('abcdef0123456789', 10),
        'cache-control': `private, max-age=${rng.int(1, 99)}`,
        'set-cookie': `session=${rng.string('abcdef', 8)}; Path=/; HttpOnly`,
        etag: `"v${rng.int(1, 9999)}"`,
        location: `/elsewhere/${rng.int(1, 99)}`,
      };
      const body = { status, note: rng.string('abcdefgh ', 30) };
      await backend.behave({ path, status, headers, body });
      const res = await request(`${proxy.url}${path}`);
      const action = `GET ${path} (the backend answers ${status})`;
      check(res.status === status, `${action}: expected the backend's status ${status} to reach the client, got ${res.status} with body ${excerpt(res.text)}`);
      check(res.text === JSON.stringify(body), `${action}: expected the backend's body ${excerpt(JSON.stringify(body), 100)}, got ${excerpt(res.text, 100)}`);
      for (const [name, value] of Object.entries(headers)) {
        const got = name === 'set-cookie' ? res.headers['set-cookie']?.join(' | ') : res.headers[name];
        check(got === value, `${action}: expected the response header ${name}: ${value}, got ${JSON.stringify(got)}`);
      }
    }
    const empty = uniquePath('/status/204');
    await backend.behave({ path: empty, status: 204 });
    const res = await request(`${proxy.url}${empty}`, { method: 'DELETE' });
    check(res.status === 204 && res.body.length === 0, `DELETE ${empty} (the backend answers 204): expected 204 with no body, got ${res.status} with ${res.body.length} bytes`);
  });

  it('a large response body arrives byte for byte', async () => {
    const { proxy, backend } = await stack();
    const size = 4 * MiB + 13;
    const path = uniquePath('/big/download');
    await backend.behave({ path, bodyBytes: size });
    const res = await request(`${proxy.url}${path}`, { timeoutMs: 20_000 });
    expectStatus(res, 200, `GET ${path} (a 4 MiB answer)`);
    const expected = fillerBytes(size);
    const at = res.body.findIndex((byte, i) => byte !== expected[i]);
    check(res.body.length === size && at === -1, `GET ${path}: expected ${size} exact bytes, got ${res.body.length} bytes${at >= 0 ? `, first difference at byte ${at}` : ''}`);
  });

  it('a large upload reaches the backend whole', async () => {
    const { proxy, backend } = await stack();
    const size = 4 * MiB + 7;
    const line = `${seeded('T1 upload').string('abcdefghijklmnopqrstuvwxyz', 63)}\n`;
    const body = Buffer.from(line.repeat(Math.ceil(size / line.length))).subarray(0, size);
    const path = uniquePath('/big/upload');
    const echo = echoOf(await request(`${proxy.url}${path}`, { method: 'PUT', body, headers: { 'content-type': 'text/plain' }, timeoutMs: 20_000 }), `PUT ${path} (a 4 MiB body)`);
    check(echo.bodyBytes === size, `PUT ${path}: the backend received ${echo.bodyBytes} bytes of body, expected ${size}`);
    check(echo.body === body.subarray(0, 64 * 1024).toString(), `PUT ${path}: the first 64 KiB the backend received differ from what was sent`);
  });

  it('a streamed response is passed on as it arrives, not held until the backend finishes', async () => {
    const { proxy, probe } = await probed();
    const path = uniquePath('/hold/65536/65536');
    const download = streamingGet(`${proxy.url}${path}`);
    try {
      await pollUntil(() => download.bytes() >= 65536, {
        what: `the first 64 KiB of GET ${path} to come through while the backend holds back the rest (a proxy that collects the whole body before sending it never passes anything on here)`,
        timeoutMs: 5000,
      });
    } finally {
      probe.release(path);
    }
    const { status, body } = await download.done;
    check(status === 200 && body.equals(fillerBytes(131072)), `GET ${path}: expected 200 and 131072 exact bytes once the backend finished, got ${status} and ${body.length} bytes`);
  });

  it('connections to the backend are kept open and reused', async () => {
    const { proxy, probe } = await probed();
    const before = probe.connections;
    for (let i = 0; i < 6; i++) {
      const path = uniquePath('/reuse');
      expectStatus(await request(`${proxy.url}${path}`), 200, `GET ${path}`);
    }
    const opened = probe.connections - before;
    check(opened <= 2, `six requests one after another through the proxy opened ${opened} new TCP connections to the backend, expected the same one reused: give http-proxy a keep-alive http.Agent (README.md, "T1 · Faithful forwarding")`);
  });

  it('a DELETE or OPTIONS with a chunked body is passed on whole or refused, never smuggled', async () => {
    const { proxy, backend } = await stack();
    for (const method of ['DELETE', 'OPTIONS']) {
      const path = uniquePath('/api/t1-chunked');
      const smuggled = uniquePath('/api/t1-smuggled');
      // A body of unknown length whose bytes read like a second request on the backend connection.
      const body = `GET ${smuggled} HTTP/1.1\r\nHost: backend\r\n\r\n`;
      const action = `${method} ${path} with "Transfer-Encoding: chunked" and a ${body.length}-byte body`;
      const upload = openRequest(`${proxy.url}${path}`, { method, headers: { 'transfer-encoding': 'chunked', 'content-type': 'text/plain' } });
      await upload.write(body);
      const res = await upload.end();
      // Refusing such a request (4xx, 411 Length Required says why) is allowed, like every answer
      // of the proxy's own as a JSON error; passing it on without its body is not.
      if (res.status < 400 || res.status >= 500) {
        const echo = echoOf(res, action);
        check(echo.body === body, `${action}: the backend received the body ${JSON.stringify(echo.body)}, expected ${JSON.stringify(body)}. http-proxy gives a DELETE or OPTIONS without Content-Length a "Content-Length: 0" and drops Transfer-Encoding (README.md, "T1 · Faithful forwarding")`);
      } else {
        expectJsonError(res, res.status, `${action}, refused (README.md, "T1 · Faithful forwarding": the refusal is JSON with an "error")`);
      }
      // One more request on the proxy's connections, so anything left in them has been read.
      echoOf(await request(`${proxy.url}${uniquePath('/api/t1-after')}`), `a GET after the ${method}`);
      const seen = (await backend.requests()).filter((r) => r.url === smuggled).length;
      check(seen === 0, `${action}: the backend received the body as a request of its own (GET ${smuggled}): http-proxy sent the request with "Content-Length: 0" and the body after it, unframed (request smuggling). Refuse it with 411, or frame the body again (README.md, "T1 · Faithful forwarding")`);
    }
  });

  it('a streamed upload reaches the backend while the client is still sending it', async () => {
    const { proxy, probe } = await probed();
    const path = uniquePath('/upload');
    // No Content-Length: the body is sent in chunks, the second one only after the first arrived.
    const upload = openRequest(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } });
    await upload.write(fillerBytes(65536));
    try {
      await pollUntil(() => probe.bytesReceived(path) >= 65536, {
        what: `the first 64 KiB of POST ${path} to reach the backend while the client still sends the rest (a proxy that reads the whole body before forwarding never sends it on here)`,
        timeoutMs: 5000,
      });
    } finally {
      void upload.end(fillerBytes(65536)).catch(() => {});
    }
    const res = await upload.response;
    expectStatus(res, 200, `POST ${path}`);
    check(probe.bytesReceived(path) === 131072, `POST ${path}: the backend received ${probe.bytesReceived(path)} bytes, expected 131072`);
  });
});
