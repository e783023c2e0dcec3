import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRequest, request } from '../../src/harness/http-client.ts';
import { allocatePort } from '../../src/harness/ports.ts';

let server: http.Server;
let url: string;
const seen: { url?: string; address?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url, address: req.socket.remoteAddress });
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.end(JSON.stringify({ url: req.url, body })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('request', () => {
  it('sends the path exactly as written, dot segments and escapes included', async () => {
    for (const raw of ['/static/../main.ts', '/static/%2e%2e/x', '/a/./b?q=%20']) {
      const res = await request(`${url}${raw}`);
      expect(res.json<{ url: string }>().url).toBe(raw);
    }
  });

  it('sends objects as JSON and strings as they are', async () => {
    expect((await request(url, { body: { a: 1 } })).json()).toEqual({ url: '/', body: '{"a":1}' });
    expect((await request(url, { method: 'PUT', body: 'raw' })).json()).toEqual({ url: '/', body: 'raw' });
  });

  it('can send from another loopback address, playing another client', async () => {
    await request(`${url}/from`, { localAddress: '127.0.0.42' });
    expect(seen.at(-1)?.address).toBe('127.0.0.42');
  });

  it('explains a refused connection in words', async () => {
    const port = await allocatePort();
    await expect(request(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow(`GET http://127.0.0.1:${port}/healthz: connection refused (is the server listening on that port?)`);
  });

  it('says which request gave a body that is not JSON', async () => {
    const plain = http.createServer((_req, res) => res.end('<html>oops</html>'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/x`;
    const res = await request(address);
    expect(() => res.json()).toThrow(`GET ${address}: expected a JSON body, got <html>oops</html> (status 200)`);
    plain.close();
  });
});

describe('openRequest', () => {
  it('keeps a request in flight until end() is called', async () => {
    const open = openRequest(`${url}/slow`, { headers: { 'content-length': 6 } });
    await open.write('abc');
    const res = await open.end('def');
    expect(res.json()).toEqual({ url: '/slow', body: 'abcdef' });
  });
});
