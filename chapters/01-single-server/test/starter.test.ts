// Visible starter tests: run them while you work with `npm run check -- 01`. They cover the
// first steps of T1 and T2 only; the grader's hidden suite checks every task in depth.
import { check, describeTask, expectJson, expectStatus, it, request, shared, startLearnerApp } from '@scaling-lab/grader/starter';

describeTask('T1', () => {
  const app = shared(() => startLearnerApp({ instanceId: 'starter-1' }));

  it('the server starts and GET /healthz says who answered', async () => {
    const { url } = await app();
    const res = await request(`${url}/healthz`);
    expectStatus(res, 200, 'GET /healthz');
    const body = expectJson<{ status?: string; instance?: string }>(res, 'GET /healthz');
    check(body.status === 'ok', `GET /healthz: expected "status": "ok", got ${JSON.stringify(body.status)}`);
    check(body.instance === 'starter-1', `GET /healthz: expected "instance": "starter-1" (from INSTANCE_ID), got ${JSON.stringify(body.instance)}`);
  });
});

describeTask('T2', () => {
  const app = shared(() => startLearnerApp());

  it('a chirp can be created and read back', async () => {
    const { url } = await app();
    const created = await request(`${url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'hello, single server' } });
    expectStatus(created, 201, 'POST /api/chirps');
    const chirp = expectJson<{ id: number; text: string }>(created, 'POST /api/chirps');
    const read = await request(`${url}/api/chirps/${chirp.id}`);
    expectStatus(read, 200, `GET /api/chirps/${chirp.id}`);
    check(expectJson<{ text: string }>(read, 'GET').text === 'hello, single server', 'GET /api/chirps/:id: expected the text that was posted');
  });
});
