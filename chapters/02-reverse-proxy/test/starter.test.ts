// Visible starter tests: run them while you work with `npm run check -- 02`. They put your proxy
// in front of the provided Chirp backend (src/backend/) and cover the first steps of T1, T2
// and T3 only; the grader's hidden suite checks every task in depth, against fake backends.
import { check, describeTask, expectJson, expectStatus, it, request, shared, startLearnerApp } from '@scaling-lab/grader/starter';

/** The provided backend, and your proxy in front of it (one pair per task, stopped after it). */
async function startStack() {
  const backend = await startLearnerApp({ entry: 'backend', name: 'the provided backend', instanceId: 'starter-backend' });
  const proxy = await startLearnerApp({ env: { BACKEND_URL: backend.url }, name: 'your proxy' });
  return { backend, proxy };
}

describeTask('T1', () => {
  const stack = shared(startStack);

  it('a chirp created through the proxy can be read back through it', async () => {
    const { proxy } = await stack();
    const created = await request(`${proxy.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'hello through a proxy' } });
    expectStatus(created, 201, 'POST /api/chirps through the proxy');
    const chirp = expectJson<{ id: number }>(created, 'POST /api/chirps');
    const read = await request(`${proxy.url}/api/chirps/${chirp.id}`);
    expectStatus(read, 200, `GET /api/chirps/${chirp.id} through the proxy`);
    check(expectJson<{ text: string }>(read, 'GET').text === 'hello through a proxy', 'GET /api/chirps/:id: expected the text that was posted');
    expectStatus(await request(`${proxy.url}/api/chirps/999999`), 404, 'GET /api/chirps/999999 (the backend answers 404; the proxy passes it on)');
  });
});

describeTask('T2', () => {
  const stack = shared(startStack);

  it('the backend learns who the client is; the client does not learn what the backend runs', async () => {
    const { proxy } = await stack();
    const res = await request(`${proxy.url}/healthz`, { localAddress: '127.0.0.42' });
    expectStatus(res, 200, 'GET /healthz through the proxy');
    const health = expectJson<{ forwardedFor: string | null; instance: string }>(res, 'GET /healthz');
    check(health.instance === 'starter-backend', `GET /healthz: expected the backend's answer, got ${JSON.stringify(health)}`);
    check(health.forwardedFor === '127.0.0.42', `GET /healthz from 127.0.0.42: the backend saw X-Forwarded-For ${JSON.stringify(health.forwardedFor)}, expected "127.0.0.42"`);
    check(res.headers['x-powered-by'] === undefined, `GET /healthz: the client received X-Powered-By: ${res.headers['x-powered-by']} from the backend`);
  });
});

describeTask('T3', () => {
  const stack = shared(startStack);

  it('the proxy serves the page itself', async () => {
    const { proxy } = await stack();
    const res = await request(`${proxy.url}/`);
    expectStatus(res, 200, 'GET / from the proxy');
    check(/^text\/html/.test(String(res.headers['content-type'])), `GET /: expected Content-Type text/html, got ${res.headers['content-type']}`);
  });
});
