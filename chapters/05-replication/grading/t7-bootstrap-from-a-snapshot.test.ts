import Database from 'better-sqlite3';
import { check, describeTask, excerpt, FaultProxy, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { checksum, createChirp, deleteChirp, expectConverged, startFollower, startLeader, writeLoad } from './node-support.ts';

const LESSON = 'README.md, "T7 · Bootstrap from a snapshot"';
const RETAIN = 20;

describeTask('T7', () => {
  const leader = shared(async () => {
    const node = await startLeader({ id: 't7-leader', env: { LOG_RETAIN: String(RETAIN) } });
    const random = seeded('T7 history');
    const ids: number[] = [];
    for (let i = 0; i < 150; i++) {
      if (ids.length > 5 && random.next() < 0.25) await deleteChirp(node, ids.splice(random.int(0, ids.length - 1), 1)[0]!);
      else ids.push((await createChirp(node, 't7', `${i} ${random.string('abc "\'<>✓', 8)}`)).chirp.id);
    }
    return node;
  });

  it('GET /replication/snapshot is the SQLite database at X-Snapshot-Position', async () => {
    const node = await leader();
    const sum = await checksum(node);
    const res = await request(`${node.url}/replication/snapshot`, { timeoutMs: 10_000 });
    check(res.status === 200, `GET /replication/snapshot: expected 200, got ${res.status} ${excerpt(res.text)}`);
    check(res.headers['x-snapshot-position'] === String(sum.position), `GET /replication/snapshot with no write in progress: expected X-Snapshot-Position: ${sum.position}, got ${res.headers['x-snapshot-position']}`);
    check(res.body.subarray(0, 16).toString('latin1') === 'SQLite format 3\0', `GET /replication/snapshot: expected the bytes of a SQLite file, got ${excerpt(res.body.subarray(0, 40).toString('latin1'))}`);
    const file = `${node.dataDir}-snapshot-check.db`;
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(file, res.body);
    try {
      const copy = new Database(file, { readonly: true });
      const { n } = copy.prepare('SELECT COUNT(*) AS n FROM chirps').get() as { n: number };
      copy.close();
      check(n === sum.rows, `the snapshot holds ${n} chirps; the leader has ${sum.rows} at that position`);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('a new follower with an empty DATA_DIR bootstraps from the snapshot and converges', async () => {
    const node = await leader();
    const log = await request(`${node.url}/replication/log?from=1`);
    check(log.status === 410, `LOG_RETAIN=${RETAIN} after 150 writes: GET /replication/log?from=1 should answer 410 (T1), got ${log.status}`);
    const follower = await startFollower(node.url, { id: 't7-new' });
    await expectConverged(node, [follower], 'a new follower (empty DATA_DIR, log truncated at the leader) to hold the leader\'s rows', { timeoutMs: 20_000 }).catch((error: Error) => {
      throw new Error(`${error.message}\nOn 410, download GET /replication/snapshot, swap it in, set your position to X-Snapshot-Position, and fetch from there. Read: ${LESSON}`);
    });
  });

  it('followers bootstrap while writes continue, and converge', async () => {
    const node = await leader();
    const load = writeLoad(node, seeded('T7 load'), 6, 't7_load');
    try {
      const followers = await Promise.all([startFollower(node.url, { id: 't7-busy-a' }), startFollower(node.url, { id: 't7-busy-b' })]);
      await pollUntil(async () => (await Promise.all(followers.map(checksum))).every((s) => s.rows > 0), { what: 'both followers to bootstrap while writes continue', timeoutMs: 20_000 });
      const from = load.count;
      await pollUntil(() => load.count >= from + 40, { what: '40 more writes after the bootstrap', timeoutMs: 20_000, intervalMs: 10 });
      await load.stop();
      await expectConverged(node, followers, 'both followers, bootstrapped during a write burst, to hold the leader\'s rows', { timeoutMs: 20_000 }).catch((error: Error) => {
        throw new Error(`${error.message}\nA snapshot must be one instant: rows and X-Snapshot-Position from the same read. Read: ${LESSON}`);
      });
    } finally {
      await load.stop();
    }
  });

  it('a follower left behind by truncation bootstraps again, and drops the chirps the leader deleted', async () => {
    const node = await leader();
    const proxy = await FaultProxy.start({ target: node.url, name: 't7-link' });
    const follower = await startFollower(proxy.url, { id: 't7-behind' });
    await expectConverged(node, [follower], 'the follower to catch up first', { timeoutMs: 20_000 });
    await proxy.drop('both');
    const rows = (await request(`${node.url}/api/chirps?author=t7&limit=100`)).json<{ chirps: { id: number }[] }>().chirps;
    for (const { id } of rows.slice(0, 10)) await deleteChirp(node, id);
    for (let i = 0; i < RETAIN * 2; i++) await createChirp(node, 't7_behind', `while partitioned ${i}`);
    await proxy.heal();
    await expectConverged(node, [follower], 'the follower to hold exactly the leader\'s rows after re-bootstrapping (the 10 deleted chirps gone)', { timeoutMs: 20_000 }).catch((error: Error) => {
      throw new Error(`${error.message}\nA bootstrap replaces the follower's copy: chirps the leader deleted while the follower was away must go too. Read: ${LESSON}`);
    });
  });
});
