// Visible starter tests for the node: run them while you work with `npm run check -- 05`.
// They cover the first step of T1, T2, T3 and T8 only; the grader's hidden suite checks every task
// in depth, with SIGKILL, SIGSTOP, partitions and scripted leaders.
import { allocatePort, check, describeTask, excerpt, it, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/starter';

const leaderEnv = { ROLE: 'leader', NODE_ID: 'starter-leader' };

describeTask('T1', () => {
  it('a write gets position 1 and its entry is in the log', async () => {
    const leader = await startLearnerApp({ name: 'your leader', env: leaderEnv });
    const res = await request(`${leader.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'hello log' } });
    check(res.status === 201, `POST /api/chirps: expected 201, got ${res.status} ${excerpt(res.text)}`);
    check(res.headers['x-chirp-position'] === '1', `the first write: expected X-Chirp-Position: 1, got ${res.headers['x-chirp-position']}`);
    const log = await request(`${leader.url}/replication/log?from=1`);
    const body = log.json<{ entries?: { seq: number; op: string }[] }>();
    check(body.entries?.[0]?.seq === 1 && body.entries[0].op === 'create', `GET /replication/log?from=1: expected [{"seq": 1, "op": "create", ...}], got ${excerpt(log.text)}`);
  });
});

describeTask('T2', () => {
  it('a follower copies a chirp written on the leader', async () => {
    const leader = await startLearnerApp({ name: 'your leader', env: leaderEnv });
    const follower = await startLearnerApp({ name: 'your follower', env: { ROLE: 'follower', NODE_ID: 'starter-follower', LEADER_URL: leader.url } });
    const res = await request(`${leader.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'copy me' } });
    check(res.status === 201, `POST /api/chirps on the leader: expected 201, got ${res.status} ${excerpt(res.text)}`);
    const id = res.json<{ id: number }>().id;
    await pollUntil(async () => (await request(`${follower.url}/api/chirps/${id}`)).status === 200, { what: `GET /api/chirps/${id} on the follower to find the chirp`, timeoutMs: 5000 });
  });
});

describeTask('T3', () => {
  it('a follower answers a write with 307 to its leader', async () => {
    const leader = await startLearnerApp({ name: 'your leader', env: leaderEnv });
    const follower = await startLearnerApp({ name: 'your follower', env: { ROLE: 'follower', NODE_ID: 'starter-follower', LEADER_URL: leader.url } });
    const res = await request(`${follower.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'not here' } });
    check(res.status === 307 && res.headers.location === `${leader.url}/api/chirps`, `POST /api/chirps on a follower: expected 307 with Location: ${leader.url}/api/chirps, got ${res.status} ${res.headers.location ?? ''}`);
  });
});

describeTask('T8', () => {
  it('two leaders: an edit made on one shows on the other', async () => {
    const [portA, portB] = [await allocatePort(), await allocatePort()];
    const leader = (id: string, port: number, peerPort: number, offset: string) =>
      startLearnerApp({ name: `your leader ${id}`, port, env: { ROLE: 'leader', NODE_ID: id, PEER_URL: `http://127.0.0.1:${peerPort}`, ID_OFFSET: offset } });
    const [a, b] = await Promise.all([leader('starter-a', portA, portB, '1'), leader('starter-b', portB, portA, '2')]);
    const res = await request(`${a.url}/api/chirps`, { method: 'POST', body: { author: 'starter', text: 'written on a' } });
    check(res.status === 201, `POST /api/chirps on leader a: expected 201, got ${res.status} ${excerpt(res.text)}`);
    const id = res.json<{ id: number }>().id;
    await pollUntil(async () => (await request(`${b.url}/api/chirps/${id}`)).status === 200, { what: `leader b to copy chirp ${id}`, timeoutMs: 5000 });
    const edit = await request(`${b.url}/api/chirps/${id}`, { method: 'PUT', body: { text: 'edited on b' } });
    check(edit.status === 200, `PUT /api/chirps/${id} on leader b: expected 200, got ${edit.status} ${excerpt(edit.text)}`);
    await pollUntil(async () => (await request(`${a.url}/api/chirps/${id}`)).json<{ text?: string }>().text === 'edited on b', { what: `leader a to show b's edit of chirp ${id}`, timeoutMs: 5000 });
  });
});
