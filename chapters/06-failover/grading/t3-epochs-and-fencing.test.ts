import { check, describeTask, excerpt, FakeBackend, type HttpResponse, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { checksum, createChirp, expectConverged, follow, health, promote, startFollower, startLeader, waitForRole, writeChirp } from './node-support.ts';

const LESSON = 'README.md, "T3 · Epochs and fencing"';

function expectRefused(res: HttpResponse, status: number, action: string, epoch?: number): void {
  check(res.status === status, () => `${action}: expected ${status}, got ${res.status} ${excerpt(res.text)}. Read: ${LESSON}`);
  let body: { error?: unknown; epoch?: unknown } = {};
  try {
    body = JSON.parse(res.text);
  } catch {
    // reported below
  }
  check(typeof body.error === 'string', () => `${action}: expected a JSON body {"error": "..."}, got ${excerpt(res.text)}`);
  if (epoch !== undefined) check(body.epoch === epoch, () => `${action}: expected the body to say the node's epoch, {"epoch": ${epoch}}, got ${excerpt(res.text)}`);
}

describeTask('T3', () => {
  it('a leader accepts a write in its own epoch and refuses a missing, malformed or repeated X-Chirp-Epoch, writing nothing', async () => {
    const leader = await startLeader({ id: 't3-strict' });
    const first = await createChirp(leader, 1, 'in epoch 1');
    const res = await writeChirp(leader, '1', 'again in epoch 1');
    check(res.headers['x-chirp-epoch'] === '1', `a write committed in epoch 1 must answer X-Chirp-Epoch: 1 (provided headers), got ${res.headers['x-chirp-epoch']}`);
    const before = await checksum(leader);
    const hostile: [string | string[] | undefined, string][] = [
      [undefined, 'no X-Chirp-Epoch'],
      ['', 'an empty X-Chirp-Epoch'],
      ['1.0', 'X-Chirp-Epoch: 1.0'],
      ['1e0', 'X-Chirp-Epoch: 1e0'],
      ['+1', 'X-Chirp-Epoch: +1'],
      ['-1', 'X-Chirp-Epoch: -1'],
      ['0x1', 'X-Chirp-Epoch: 0x1'],
      ['"1"', 'X-Chirp-Epoch: "1" (quoted)'],
      ['1; drop', 'X-Chirp-Epoch: 1; drop'],
      ['9'.repeat(16), 'a 16-digit X-Chirp-Epoch'],
      ['1'.repeat(400), 'a 400-digit X-Chirp-Epoch'],
      [['1', '1'], 'X-Chirp-Epoch sent twice (it arrives as "1, 1")'],
    ];
    for (const [value, name] of hostile) expectRefused(await writeChirp(leader, value, `hostile ${name}`), 400, `POST /api/chirps with ${name}`);
    const del = await request(`${leader.url}/api/chirps/${first.chirp.id}`, { method: 'DELETE' });
    expectRefused(del, 400, `DELETE /api/chirps/${first.chirp.id} with no X-Chirp-Epoch`);
    const after = await checksum(leader);
    check(after.sha256 === before.sha256 && after.position === before.position, `refused writes must change nothing: the leader went from ${before.rows} rows at position ${before.position} to ${after.rows} at ${after.position}`);
    const read = await request(`${leader.url}/api/chirps/${first.chirp.id}`);
    check(read.status === 200, `reads need no epoch: GET /api/chirps/${first.chirp.id} expected 200, got ${read.status} ${excerpt(read.text)}`);
  });

  it('a write from an older epoch is refused with 409; the leader keeps leading', async () => {
    const leader = await startLeader({ id: 't3-older' });
    const promoted = await promote(leader, 7);
    check(promoted.status === 200, () => `POST /replication/promote {"epoch": 7} on a leader of epoch 1: expected 200 (a newer epoch), got ${promoted.status} ${excerpt(promoted.text)}`);
    for (const stale of ['1', '6', '06']) expectRefused(await writeChirp(leader, stale, `stale ${stale}`), 409, `POST /api/chirps with X-Chirp-Epoch: ${stale} on the leader of epoch 7`, 7);
    const rows = (await checksum(leader)).rows;
    check(rows === 0, `writes refused for their old epoch must write nothing; the leader holds ${rows} rows`);
    await createChirp(leader, 7, 'current epoch');
    const state = await health(leader);
    check(state.role === 'leader' && state.epoch === 7, `after refusing stale writes the leader must still lead epoch 7; /healthz says ${JSON.stringify(state)}`);
  });

  it('a write from a newer epoch makes the leader step down, durably: it refuses writes in any epoch, even after SIGKILL', async () => {
    const leader = await startLeader({ id: 't3-newer' });
    await createChirp(leader, 1, 'before the news');
    expectRefused(await writeChirp(leader, '2', 'from a client that knows epoch 2'), 409, 'POST /api/chirps with X-Chirp-Epoch: 2 on the leader of epoch 1 (someone else leads epoch 2)');
    const state = await health(leader);
    check(state.role === 'follower' && state.epoch === 2, `a leader shown a newer epoch must step down and remember it: expected /healthz role "follower", epoch 2, got ${JSON.stringify(state)}`);
    for (const epoch of ['1', '2', '3']) {
      const res = await writeChirp(leader, epoch, `after stepping down, epoch ${epoch}`);
      check(res.status >= 300, `the node stepped down: POST /api/chirps with X-Chirp-Epoch: ${epoch} must not be acknowledged, got ${res.status} ${excerpt(res.text)}`);
    }
    const before = await checksum(leader);
    check(before.rows === 1, `only the write of epoch 1 may be on the former leader; it holds ${before.rows} rows`);
    leader.component.signal('SIGKILL');
    await leader.component.waitForExit(5000);
    const again = await startLearnerApp({ name: 'your node t3-newer, restarted', instanceId: 't3-newer', dataDir: leader.dataDir, env: { ROLE: 'leader', NODE_ID: 't3-newer' } });
    const restarted = await health(again);
    check(restarted.epoch === 2 && restarted.role === 'follower', `after SIGKILL and a restart (ROLE=leader in the environment) the node must still know epoch 2 and not lead: /healthz says ${JSON.stringify(restarted)}. The epoch must be saved before the 409 is sent`);
    const stale = await writeChirp(again, '1', 'epoch 1 after the restart');
    check(stale.status >= 300, `after the restart, a write in epoch 1 must be refused, got ${stale.status} ${excerpt(stale.text)}`);
    expectRefused(await promote(again, 2), 409, 'POST /replication/promote {"epoch": 2} on a node that has seen epoch 2', 2);
  });

  it('promote needs a newer epoch; follow needs at least the same one, and a newer one to replace a leader', async () => {
    const leader = await startLeader({ id: 't3-control' });
    expectRefused(await promote(leader, 1), 409, 'POST /replication/promote {"epoch": 1} on the leader of epoch 1', 1);
    const up = await promote(leader, 4);
    check(up.status === 200, () => `POST /replication/promote {"epoch": 4} on a node of epoch 1: expected 200, got ${up.status} ${excerpt(up.text)}`);
    expectRefused(await promote(leader, 4), 409, 'POST /replication/promote {"epoch": 4} again', 4);
    expectRefused(await promote(leader, 3), 409, 'POST /replication/promote {"epoch": 3} on a node of epoch 4', 4);
    const elsewhere = 'http://127.0.0.1:9';
    expectRefused(await follow(leader, elsewhere, 3), 409, 'POST /replication/follow {"epoch": 3} on a node of epoch 4', 4);
    expectRefused(await follow(leader, elsewhere, 4), 409, 'POST /replication/follow {"epoch": 4} on the LEADER of epoch 4 (only a newer epoch replaces a leader)', 4);
    const state = await health(leader);
    check(state.role === 'leader' && state.epoch === 4, `refused control calls must change nothing: expected leader of epoch 4, /healthz says ${JSON.stringify(state)}`);
    const down = await follow(leader, elsewhere, 5);
    check(down.status === 200, () => `POST /replication/follow {"epoch": 5}: expected 200, got ${down.status} ${excerpt(down.text)}`);
    const same = await follow(leader, 'http://127.0.0.1:10', 5);
    check(same.status === 200, () => `POST /replication/follow in the follower's own epoch (a re-point within epoch 5): expected 200, got ${same.status} ${excerpt(same.text)}`);
    await waitForRole(leader, 'follower', 'the node to follow in epoch 5', 5);
  });

  it('a log fetch from a follower in a newer epoch makes the leader step down; older epochs are served', async () => {
    const leader = await startLeader({ id: 't3-fetch' });
    await createChirp(leader, 1, 'to be fetched');
    for (const epoch of [0, 1]) {
      const res = await request(`${leader.url}/replication/log?from=1&follower=t3-peer&wait=0&epoch=${epoch}`);
      check(res.status === 200, () => `GET /replication/log?from=1&epoch=${epoch} on the leader of epoch 1: expected 200 (a follower may be behind in epochs), got ${res.status} ${excerpt(res.text)}`);
    }
    const res = await request(`${leader.url}/replication/log?from=1&follower=t3-peer&wait=0&epoch=3`);
    expectRefused(res, 409, 'GET /replication/log?from=1&epoch=3 on the leader of epoch 1');
    const state = await health(leader);
    check(state.role === 'follower' && state.epoch === 3, `a leader asked for entries by a follower of epoch 3 has been replaced: expected /healthz role "follower", epoch 3, got ${JSON.stringify(state)}`);
    const write = await writeChirp(leader, '1', 'after the fetch');
    check(write.status >= 300, `after stepping down, a write in epoch 1 must not be acknowledged, got ${write.status}`);
  });

  it('a follower applies nothing from a leader of an older epoch, and adopts a newer one', async () => {
    // A scripted leader stands in for a stale one: it serves one entry, first in epoch 1.
    const ghost = await FakeBackend.start('stale-leader');
    const chirp = { id: 1, author: 'ghost', text: 'written by a deposed leader', createdAt: '2026-01-01T00:00:00.000Z' };
    const entry = (epoch: number) => ({ seq: 1, epoch, op: 'create', chirp, at: 1 });
    const answer = (epoch: number) => ({ path: '/replication/log', body: { entries: [entry(epoch)], position: 1, epoch, prevEpoch: 0 } });
    await ghost.behave(answer(1));
    const follower = await startFollower('http://127.0.0.1:9', { id: 't3-applier' });
    const moved = await follow(follower, ghost.url, 2);
    check(moved.status === 200, () => `POST /replication/follow {"epoch": 2} on a new follower: expected 200, got ${moved.status} ${excerpt(moved.text)}`);
    await pollUntil(async () => (await ghost.requests()).filter((r) => r.url.startsWith('/replication/log')).length >= 4, {
      what: 'the follower to fetch from its (stale) leader a few times',
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    const stale = await checksum(follower);
    check(stale.rows === 0 && stale.position === 0, `a follower of epoch 2 must apply nothing a leader of epoch 1 sends (that leader was replaced; its entries may be lost); it applied ${stale.rows} row(s), position ${stale.position}`);
    await ghost.behave(answer(3));
    await pollUntil(async () => (await checksum(follower)).rows === 1, { what: 'the follower to apply the entry once its leader answers in epoch 3 (a newer epoch)', timeoutMs: 10_000, intervalMs: 50 });
    const state = await health(follower);
    check(state.epoch === 3, `a follower whose leader answers in a newer epoch must adopt it: expected epoch 3, /healthz says ${JSON.stringify(state)}`);
  });

  it('a paused leader replaced while it slept cannot acknowledge a write when it wakes', async () => {
    const old = await startLeader({ id: 't3-sleeper' });
    const heir = await startFollower(old.url, { id: 't3-heir' });
    const other = await startFollower(old.url, { id: 't3-other' });
    await createChirp(old, 1, 'before the pause');
    await expectConverged(old, [heir, other], 'both followers to copy the first chirp');
    old.component.signal('SIGSTOP');
    try {
      const promoted = await promote(heir, 2);
      check(promoted.status === 200, () => `POST /replication/promote {"epoch": 2} on a follower of epoch 1: expected 200, got ${promoted.status} ${excerpt(promoted.text)}`);
      const moved = await follow(other, heir.url, 2);
      check(moved.status === 200, () => `POST /replication/follow {"epoch": 2}: expected 200, got ${moved.status} ${excerpt(moved.text)}`);
      await createChirp(heir, 2, 'the new leader writes');
    } finally {
      old.component.signal('SIGCONT');
    }
    const woke = await writeChirp(old, '2', 'a client that knows epoch 2');
    expectRefused(woke, 409, 'POST /api/chirps with X-Chirp-Epoch: 2 on the woken former leader of epoch 1');
    const stale = await writeChirp(old, '1', 'a client that knew only epoch 1');
    check(stale.status >= 300, `the former leader has seen epoch 2: a write in epoch 1 must not be acknowledged, got ${stale.status} ${excerpt(stale.text)}`);
    const moved = await follow(old, heir.url, 2);
    check(moved.status === 200, () => `POST /replication/follow {"epoch": 2} on the former leader: expected 200, got ${moved.status} ${excerpt(moved.text)}`);
    await expectConverged(heir, [old, other], 'the former leader and the other follower to hold the new leader\'s rows');
  });
});
