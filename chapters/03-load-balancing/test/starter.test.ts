// Visible starter tests: run them while you work with `npm run check -- 03`. They cover the
// first steps of T1, T6 and T7 only; the grader's hidden suite checks every task in depth,
// with fake backends that can be made slow, failing, dead or paused.
import { check, describeTask, excerpt, expectJson, expectStatus, FakeBackend, it, request, startLearnerApp } from '@scaling-lab/grader/starter';

/** Which fake backend answered: the fakes echo each request as JSON with their id. */
async function whoAnswers(url: string): Promise<string> {
  const res = await request(url);
  expectStatus(res, 200, `GET ${url}`);
  return expectJson<{ backend: string }>(res, `GET ${url}`).backend;
}

describeTask('T1', () => {
  it('two backends take turns', async () => {
    const [one, two] = await Promise.all([FakeBackend.start('one'), FakeBackend.start('two')]);
    const lb = await startLearnerApp({ name: 'your balancer', env: { BACKENDS: `${one.url},${two.url}`, HEALTH_INTERVAL_MS: '0' } });
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) answers.push(await whoAnswers(`${lb.url}/starter/${i}`));
    check(answers.filter((a) => a === 'one').length === 2, `4 requests over 2 backends: expected 2 each, they were answered by ${answers.join(', ')}`);
  });
});

describeTask('T6', () => {
  it('the registry lists an instance after it registers', async () => {
    const registry = await startLearnerApp({ entry: 'registry', name: 'your registry' });
    const put = await request(`${registry.url}/services/starter/instances/a`, { method: 'PUT', body: { url: 'http://127.0.0.1:4001', ttlMs: 10_000 } });
    check(put.status === 200 || put.status === 201, `PUT /services/starter/instances/a: expected 200, got ${put.status} ${excerpt(put.text)}`);
    const list = await request(`${registry.url}/services/starter`);
    expectStatus(list, 200, 'GET /services/starter');
    const body = expectJson<{ instances?: { id: string; url: string }[] }>(list, 'GET /services/starter');
    check(body.instances?.[0]?.url === 'http://127.0.0.1:4001', `GET /services/starter: expected the instance with its url, got ${excerpt(list.text)}`);
  });
});

describeTask('T7', () => {
  it('the stats endpoint lists the backends', async () => {
    const fake = await FakeBackend.start('solo');
    const lb = await startLearnerApp({ name: 'your balancer', env: { BACKENDS: fake.url, HEALTH_INTERVAL_MS: '0' } });
    const res = await request(`${lb.url}/__lb/stats`);
    expectStatus(res, 200, 'GET /__lb/stats');
    const body = expectJson<{ backends?: { url: string }[] }>(res, 'GET /__lb/stats');
    check(body.backends?.[0]?.url === fake.url, `GET /__lb/stats: expected {"backends": [{"url": "${fake.url}", ...}]}, got ${excerpt(res.text)}`);
  });
});
