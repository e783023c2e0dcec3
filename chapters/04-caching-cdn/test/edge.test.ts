// Visible starter tests for the edge: run them while you work with `npm run check -- 04`. They
// cover the first steps of T8, T9 and T10 only; the grader's hidden suite checks every rule in
// depth, against a fake origin that can be slow, failing, or publish new versions.
import { check, describeTask, excerpt, expectJson, FakeBackend, it, request, startLearnerApp } from '@scaling-lab/grader/starter';

const TOKEN = 'starter-token-0123456789';

async function edgeInFrontOf(origin: FakeBackend) {
  return startLearnerApp({ entry: 'edge', name: 'your edge', env: { ORIGIN_URL: origin.url, EDGE_TOKEN: TOKEN } });
}

describeTask('T8', () => {
  it('answers the second GET of a max-age=60 response from its store', async () => {
    const origin = await FakeBackend.start('origin');
    await origin.behave({ path: '/starter', headers: { 'cache-control': 'max-age=60' } });
    const edge = await edgeInFrontOf(origin);
    const first = await request(`${edge.url}/starter`);
    const second = await request(`${edge.url}/starter`);
    check(first.headers['x-cache'] === 'MISS' && second.headers['x-cache'] === 'HIT', `two GETs of /starter (max-age=60): expected X-Cache MISS then HIT, got ${first.headers['x-cache']} then ${second.headers['x-cache']}`);
    const count = await origin.count('/starter');
    check(count === 1, `the origin should have seen /starter once, it saw it ${count} times`);
  });
});

describeTask('T9', () => {
  it('refuses a purge without the token', async () => {
    const origin = await FakeBackend.start('origin');
    const edge = await edgeInFrontOf(origin);
    const res = await request(`${edge.url}/_edge/purge`, { method: 'POST', body: { url: '/x' } });
    check(res.status === 401, `POST /_edge/purge without Authorization: expected 401, got ${res.status} ${excerpt(res.text)}`);
  });
});

describeTask('T10', () => {
  it('stores an upload under a content-hashed name', async () => {
    const origin = await FakeBackend.start('origin');
    const edge = await edgeInFrontOf(origin);
    const res = await request(`${edge.url}/_edge/assets/app.css`, { method: 'PUT', body: 'body{}', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/css' } });
    check(res.status === 201, `PUT /_edge/assets/app.css: expected 201, got ${res.status} ${excerpt(res.text)}`);
    const { path } = expectJson<{ path: string }>(res, 'PUT /_edge/assets/app.css');
    check(path === '/assets/app.7c98040a54165758.css', `expected the path /assets/app.7c98040a54165758.css (the first 16 hex digits of the SHA-256 of "body{}"), got ${path}`);
    const served = await request(`${edge.url}${path}`);
    check(served.status === 200 && served.text === 'body{}', `GET ${path}: expected 200 with body{}, got ${served.status} ${excerpt(served.text)}`);
  });
});
