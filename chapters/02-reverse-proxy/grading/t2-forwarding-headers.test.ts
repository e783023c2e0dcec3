import { check, describeTask, excerpt, expectStatus, openRequest, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { echoOf, headerAt, startStack, uniquePath } from './support.ts';

/** A client address of its own (every 127.x.y.z is this machine). */
const clientAddress = (label: string) => `127.0.${seeded(label).int(1, 250)}.${seeded(`${label}/d`).int(2, 250)}`;

/** Node may report an IPv4 peer as "::ffff:127.0.0.9"; both spellings name the same client. */
const sameAddress = (got: string | undefined, address: string) => got === address || got === `::ffff:${address}`;

const chain = (value: string | undefined) => (value ?? '').split(',').map((part) => part.trim());

describeTask('T2', () => {
  const stack = shared(() => startStack());

  it('X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host tell the backend about the client', async () => {
    const { proxy } = await stack();
    const address = clientAddress('T2 client');
    const host = `chirp-${seeded('T2 host').string('abcdefgh', 6)}.example:8443`;
    const path = uniquePath('/api/t2');
    const echo = echoOf(await request(`${proxy.url}${path}`, { localAddress: address, headers: { host } }), `GET ${path} from ${address}`);
    const forwardedFor = headerAt(echo, 'x-forwarded-for');
    check(sameAddress(forwardedFor, address), `GET ${path} from ${address}: expected the backend to receive X-Forwarded-For: ${address} (the client's address), got ${JSON.stringify(forwardedFor)}`);
    check(headerAt(echo, 'x-forwarded-proto') === 'http', `GET ${path}: a client that used plain HTTP means X-Forwarded-Proto: http at the backend, got ${JSON.stringify(headerAt(echo, 'x-forwarded-proto'))}`);
    check(headerAt(echo, 'x-forwarded-host') === host, `GET ${path} with Host: ${host}: expected the backend to receive X-Forwarded-Host: ${host}, got ${JSON.stringify(headerAt(echo, 'x-forwarded-host'))}`);
  });

  it('X-Forwarded-For appends the client to an existing chain', async () => {
    const { proxy } = await stack();
    const address = clientAddress('T2 chain');
    const earlier = ['203.0.113.7', `198.51.100.${seeded('T2 hop').int(1, 254)}`];
    const path = uniquePath('/api/t2-chain');
    const echo = echoOf(await request(`${proxy.url}${path}`, { localAddress: address, headers: { 'x-forwarded-for': earlier.join(', ') } }), `GET ${path}`);
    const got = chain(headerAt(echo, 'x-forwarded-for'));
    const ok = got.length === 3 && got[0] === earlier[0] && got[1] === earlier[1] && sameAddress(got[2], address);
    check(ok, `GET ${path} from ${address} with X-Forwarded-For: ${earlier.join(', ')}: expected the backend to receive "${earlier.join(', ')}, ${address}" (the chain, then the client), got ${JSON.stringify(headerAt(echo, 'x-forwarded-for'))}`);
  });

  it('hop-by-hop request headers stop at the proxy', async () => {
    const { proxy } = await stack();
    const secret = seeded('T2 hop secret').string('abcdefgh', 12);
    const path = uniquePath('/api/t2-hop');
    const sent = {
      connection: 'close, X-Trace-Hop',
      'x-trace-hop': secret,
      'keep-alive': 'timeout=99, max=7',
      te: 'trailers',
      'proxy-authorization': `Basic ${Buffer.from(`proxy:${secret}`).toString('base64')}`,
      'proxy-connection': 'keep-alive',
      upgrade: 'h2c',
      'x-end-to-end': 'kept',
    };
    const echo = echoOf(await request(`${proxy.url}${path}`, { headers: sent }), `GET ${path} with hop-by-hop headers`);
    for (const name of ['x-trace-hop', 'keep-alive', 'te', 'proxy-authorization', 'proxy-connection', 'upgrade']) {
      check(headerAt(echo, name) === undefined, `GET ${path}: the backend received ${name}: ${JSON.stringify(headerAt(echo, name))}; it is hop-by-hop (named by Connection, or always) and must stop at the proxy`);
    }
    // Trailer announces fields that follow a chunked body, so it comes with one.
    const chunkedPath = `${path}-chunked`;
    const upload = openRequest(`${proxy.url}${chunkedPath}`, { method: 'POST', headers: { 'transfer-encoding': 'chunked', trailer: 'X-Checksum', 'content-type': 'application/json' } });
    const chunked = echoOf(await upload.end('{"ok":true}'), `POST ${chunkedPath} with a chunked body and Trailer: X-Checksum`);
    check(headerAt(chunked, 'trailer') === undefined, `POST ${chunkedPath}: the backend received trailer: ${JSON.stringify(headerAt(chunked, 'trailer'))}; it is hop-by-hop and must stop at the proxy`);
    const connection = headerAt(echo, 'connection') ?? '';
    check(!/x-trace-hop/i.test(connection), `GET ${path}: the backend's Connection header is ${JSON.stringify(connection)}; the client's Connection header describes the client's connection, not the proxy's`);
    check(headerAt(echo, 'x-end-to-end') === 'kept', `GET ${path}: an end-to-end header (X-End-To-End) must still arrive, got ${JSON.stringify(headerAt(echo, 'x-end-to-end'))}`);
  });

  it('a body sent chunked is framed again for the backend, never smuggled past it', async () => {
    const { proxy, backend } = await stack();
    const path = uniquePath('/api/t2-chunked');
    const smuggled = uniquePath('/api/t2-smuggled');
    // A GET with a body of unknown length (search APIs send these), whose bytes read like a second request.
    const body = `GET ${smuggled} HTTP/1.1\r\nHost: backend\r\n\r\n`;
    const action = `GET ${path} with "Transfer-Encoding: chunked" and a ${body.length}-byte body`;
    const upload = openRequest(`${proxy.url}${path}`, { method: 'GET', headers: { 'transfer-encoding': 'chunked', 'content-type': 'text/plain' } });
    await upload.write(body);
    const res = await upload.end();
    // Refusing such a request (4xx) is allowed; passing it on without its body is not.
    if (res.status < 400 || res.status >= 500) {
      const echo = echoOf(res, action);
      check(echo.body === body, `${action}: the backend received the body ${JSON.stringify(echo.body)}, expected ${JSON.stringify(body)}. Transfer-Encoding is hop-by-hop, but the body it framed still needs framing on the backend connection (chunked again, or a Content-Length)`);
    }
    // One more request on the proxy's connections, so anything left in them has been read.
    echoOf(await request(`${proxy.url}${uniquePath('/api/t2-after')}`), 'a GET after it');
    const seen = (await backend.requests()).filter((r) => r.url === smuggled).length;
    check(seen === 0, `${action}: the backend received the body as a request of its own (GET ${smuggled}): a body sent on without its framing is read as the next request (request smuggling)`);
  });

  it('hop-by-hop response headers stop at the proxy', async () => {
    const { proxy, backend } = await stack();
    const path = uniquePath('/api/t2-hop-response');
    await backend.behave({
      path,
      headers: { connection: 'X-Backend-Hop', 'x-backend-hop': 'internal', 'keep-alive': 'timeout=99, max=7', 'proxy-authenticate': 'Basic realm="inner"', 'x-end-to-end': 'kept' },
      body: { ok: true },
    });
    const res = await request(`${proxy.url}${path}`);
    expectStatus(res, 200, `GET ${path}`);
    for (const name of ['x-backend-hop', 'proxy-authenticate']) {
      check(res.headers[name] === undefined, `GET ${path}: the client received ${name}: ${JSON.stringify(res.headers[name])} from the backend; hop-by-hop headers must stop at the proxy`);
    }
    check(res.headers['keep-alive'] !== 'timeout=99, max=7', `GET ${path}: the backend's Keep-Alive header (timeout=99, max=7) reached the client; it describes the proxy-backend connection only`);
    check(!/x-backend-hop/i.test(String(res.headers.connection ?? '')), `GET ${path}: the client received the backend's Connection: ${res.headers.connection}`);
    check(res.headers['x-end-to-end'] === 'kept', `GET ${path}: the end-to-end header X-End-To-End must reach the client, got ${JSON.stringify(res.headers['x-end-to-end'])}`);
  });

  it("the backend's software is not revealed to clients", async () => {
    const { proxy, backend } = await stack();
    const path = uniquePath('/api/t2-identity');
    const res = await request(`${proxy.url}${path}`);
    expectStatus(res, 200, `GET ${path}`);
    check(res.headers['x-powered-by'] === undefined, `GET ${path}: the client received X-Powered-By: ${res.headers['x-powered-by']}; it tells attackers which software to target, remove it`);
    const server = String(res.headers.server ?? '');
    check(!server.includes(backend.id) && !/fake-backend/i.test(server), `GET ${path}: the client received the backend's own Server: ${server}; remove it (the proxy may name itself instead)`);
    check(res.text.length > 0, `GET ${path}: expected the backend's body, got ${excerpt(res.text)}`);
  });
});
