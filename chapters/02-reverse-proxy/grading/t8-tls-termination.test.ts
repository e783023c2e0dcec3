import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { allocatePort, check, describeTask, pollUntil, request, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { echoOf, headerAt, requestsFor, startStack, uniquePath } from './support.ts';
import { accepts, devCertFile, devKeyFile, httpsEcho, httpsRequest } from './support-tls.ts';

describeTask('T8', () => {
  const stack = shared(async () => {
    const tlsPort = await allocatePort();
    const started = await startStack({ TLS_PORT: String(tlsPort), TLS_CERT_FILE: devCertFile(), TLS_KEY_FILE: devKeyFile() });
    await pollUntil(() => accepts(tlsPort), { what: `the proxy's HTTPS listener to accept connections on TLS_PORT=${tlsPort}`, timeoutMs: 5000 });
    return { ...started, tlsPort };
  });

  it('answers HTTPS on TLS_PORT with the certificate from TLS_CERT_FILE', async () => {
    const { tlsPort } = await stack();
    const path = uniquePath('/api/t8');
    const res = await httpsRequest(tlsPort, path);
    httpsEcho(res, `GET https://localhost:${tlsPort}${path}`);
    const expected = new X509Certificate(readFileSync(devCertFile())).fingerprint256;
    check(res.fingerprint === expected, `GET https://localhost:${tlsPort}${path}: the proxy presented a certificate with fingerprint ${res.fingerprint}, expected the one in TLS_CERT_FILE (${expected})`);
  });

  it('the backend receives plain HTTP with X-Forwarded-Proto: https', async () => {
    const { tlsPort, backend } = await stack();
    const path = uniquePath('/api/t8-proto');
    const body = JSON.stringify({ author: 'secure_user', text: 'sent over TLS' });
    const action = `POST https://localhost:${tlsPort}${path}`;
    const echo = httpsEcho(await httpsRequest(tlsPort, path, { method: 'POST', body, headers: { 'content-type': 'application/json' } }), action);
    check(echo.body === body, `${action}: the backend received the body ${JSON.stringify(echo.body)}, expected ${body}`);
    check(headerAt(echo, 'x-forwarded-proto') === 'https', `${action}: expected the backend to receive X-Forwarded-Proto: https (the client used TLS), got ${JSON.stringify(headerAt(echo, 'x-forwarded-proto'))}`);
    const recorded = await requestsFor(backend, path);
    check(recorded.length === 1, `${action}: expected the (plain HTTP) backend to receive the request once, it received it ${recorded.length} times`);
  });

  it('plain HTTP on PORT keeps working beside HTTPS', async () => {
    const { proxy } = await stack();
    const path = uniquePath('/api/t8-plain');
    const echo = echoOf(await request(`${proxy.url}${path}`), `GET ${proxy.url}${path}`);
    check(headerAt(echo, 'x-forwarded-proto') === 'http', `GET ${proxy.url}${path}: over plain HTTP the backend must receive X-Forwarded-Proto: http`);
  });
});
