// Visible starter tests for the router (T4): run them while you work with `npm run check -- 06`.
// They cover the first steps only; the grader's hidden suite kills, pauses, promotes and
// re-points real nodes behind your router and checks where every write lands.
import { check, describeTask, excerpt, it, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/starter';

describeTask('T4', () => {
  it('finds the leader behind a follower listed first, and stamps a write that carries no epoch', async () => {
    const leader = await startLearnerApp({ name: 'your leader', env: { ROLE: 'leader', NODE_ID: 'starter-leader' } });
    const follower = await startLearnerApp({ name: 'your follower', env: { ROLE: 'follower', LEADER_URL: leader.url, NODE_ID: 'starter-follower' } });
    const router = await startLearnerApp({ entry: 'router', name: 'your router', env: { NODES: `${follower.url},${leader.url}` } });
    await pollUntil(
      async () => {
        const view = (await request(`${router.url}/__router/leader`)).json<{ leader: unknown; epoch: unknown }>();
        return view.leader === leader.url && view.epoch === 1;
      },
      { what: `GET /__router/leader to say {"leader": "${leader.url}", "epoch": 1}`, timeoutMs: 5000 },
    );
    // No X-Chirp-Epoch here: the router adds the leader's.
    const res = await request(`${router.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'through the router' } });
    check(res.status === 201 && res.headers['x-chirp-node'] === 'starter-leader', `POST /api/chirps through the router: expected 201 from starter-leader, got ${res.status} from ${res.headers['x-chirp-node']} ${excerpt(res.text)}`);
  });

  it('answers 503 at once when no node leads', async () => {
    const orphan = await startLearnerApp({ name: 'your follower', env: { ROLE: 'follower', LEADER_URL: 'http://127.0.0.1:9', NODE_ID: 'starter-orphan' } });
    const router = await startLearnerApp({ entry: 'router', name: 'your router', env: { NODES: orphan.url } });
    const started = Date.now();
    const res = await request(`${router.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'nobody leads' } });
    check(res.status === 503 && Date.now() - started < 2000, `POST through a router whose only node is a follower: expected 503 at once, got ${res.status} after ${Date.now() - started} ms ${excerpt(res.text)}`);
  });
});
