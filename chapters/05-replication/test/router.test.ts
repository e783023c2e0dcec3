// Visible starter tests for the router (T4, T5): run them while you work with
// `npm run check -- 05`. They cover the first step of each task only; the grader's hidden suite
// checks lag, dead and paused followers, waiting for a token, hostile tokens and whole client
// sessions, against fake nodes like these.
import { check, describeTask, FakeBackend, it, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/starter';

/** A fake node: /healthz says its role and position; every other path echoes with its headers. */
async function fakeNode(id: string, role: 'leader' | 'follower', position: number): Promise<FakeBackend> {
  const fake = await FakeBackend.start(id);
  await fake.behave({ headers: { 'x-chirp-node': id, 'x-chirp-position': String(position) } });
  await fake.behave({ path: '/healthz', body: { status: 'ok', instance: id, role, position } });
  return fake;
}

async function answeredBy(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<string | undefined> {
  const res = await request(url, init);
  const node = res.headers['x-chirp-node'];
  return res.status === 200 && typeof node === 'string' ? node : undefined;
}

describeTask('T4', () => {
  it('a POST goes to the leader; GETs go to the follower once its /healthz was read', async () => {
    const [leader, follower] = await Promise.all([fakeNode('leader', 'leader', 10), fakeNode('follower', 'follower', 10)]);
    const router = await startLearnerApp({ entry: 'router', name: 'your router', env: { LEADER_URL: leader.url, FOLLOWER_URLS: follower.url, HEALTH_INTERVAL_MS: '50' } });
    await pollUntil(async () => (await answeredBy(`${router.url}/api/chirps`)) === 'follower', { what: 'a GET through the router to be answered by the follower', timeoutMs: 5000 });
    const writer = await answeredBy(`${router.url}/api/chirps`, { method: 'POST', body: { author: 'ada', text: 'hello' } });
    check(writer === 'leader', `POST /api/chirps through the router: expected the leader to answer, got ${writer ?? 'no node'}`);
  });
});

describeTask('T5', () => {
  it('a read carrying a token the follower has not reached is not sent to the follower', async () => {
    const [leader, follower] = await Promise.all([fakeNode('leader', 'leader', 20), fakeNode('follower', 'follower', 15)]);
    const router = await startLearnerApp({ entry: 'router', name: 'your router', env: { LEADER_URL: leader.url, FOLLOWER_URLS: follower.url, HEALTH_INTERVAL_MS: '50', READ_WAIT_MS: '200' } });
    await pollUntil(async () => (await answeredBy(`${router.url}/api/chirps`)) === 'follower', { what: 'a GET through the router to be answered by the follower', timeoutMs: 5000 });
    const reader = await answeredBy(`${router.url}/api/chirps`, { headers: { 'x-chirp-min-position': '20' } });
    check(reader === 'leader', `GET with X-Chirp-Min-Position: 20 while the follower is at 15: expected the leader to answer (after READ_WAIT_MS=200), got ${reader ?? 'no node'}`);
  });
});
