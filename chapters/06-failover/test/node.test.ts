// Visible starter tests for the node's fence (T3): run them while you work with
// `npm run check -- 06`. The grader's hidden suite checks much more: hostile headers, a
// durable epoch across SIGKILL, log fetches in both directions, and a paused leader that wakes.
import { check, describeTask, excerpt, it, request, startLearnerApp } from '@scaling-lab/grader/starter';

function write(url: string, epoch?: string) {
  return request(`${url}/api/chirps`, { method: 'POST', headers: epoch === undefined ? {} : { 'x-chirp-epoch': epoch }, body: { author: 'starter', text: 'fenced' } });
}

describeTask('T3', () => {
  it('a new leader takes writes in epoch 1 and refuses a write without X-Chirp-Epoch', async () => {
    const leader = await startLearnerApp({ name: 'your leader', env: { ROLE: 'leader', NODE_ID: 'starter-leader' } });
    const ok = await write(leader.url, '1');
    check(ok.status === 201, `POST /api/chirps with X-Chirp-Epoch: 1: expected 201, got ${ok.status} ${excerpt(ok.text)}`);
    const missing = await write(leader.url);
    check(missing.status === 400, `POST /api/chirps without X-Chirp-Epoch: expected 400, got ${missing.status} ${excerpt(missing.text)}`);
  });

  it('a leader shown a newer epoch steps down', async () => {
    const leader = await startLearnerApp({ name: 'your leader', env: { ROLE: 'leader', NODE_ID: 'starter-leader' } });
    const newer = await write(leader.url, '2');
    check(newer.status === 409, `POST /api/chirps with X-Chirp-Epoch: 2 on the leader of epoch 1: expected 409, got ${newer.status} ${excerpt(newer.text)}`);
    const health = (await request(`${leader.url}/healthz`)).json<{ role?: string; epoch?: number }>();
    check(health.role === 'follower' && health.epoch === 2, `after that, /healthz must say role "follower" and epoch 2, got ${JSON.stringify(health)}`);
  });
});
