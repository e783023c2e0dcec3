import { check, describeTask, excerpt, request } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { checksum } from './node-support.ts';
import { create, edit, expectBoth, expectConverged, heal, laterInRealTime, LESSON, partition, read, remove, startLeaderPair, waitFor } from './two-leader-support.ts';

// Both wall clocks stand still here (2027-01-15): every stamp ties on wall, and the count and
// the node decide.
const STOPPED_AT_MS = '1800000000000';

describeTask('T8', () => {
  it('two leaders copy each other\'s creates, edits and deletes, with odd ids on one and even ids on the other; bad edits change nothing', async () => {
    const pair = await startLeaderPair('t8-copy');
    const fromA = [await create(pair.a, 'ada', 'from a 1'), await create(pair.a, 'ada', 'from a 2')];
    const fromB = [await create(pair.b, 'bob', 'from b 1'), await create(pair.b, 'bob', 'from b 2')];
    check(fromA.every((c) => c.id % 2 === 1) && fromB.every((c) => c.id % 2 === 0), () => `ids: ${pair.a.instanceId} (ID_OFFSET=1) gave ${fromA.map((c) => c.id).join(', ')} and ${pair.b.instanceId} (ID_OFFSET=2) gave ${fromB.map((c) => c.id).join(', ')}: expected odd and even ids (provided two-leaders.ts chooses them: keep it as given)`);
    await expectConverged(pair, 'both leaders to hold all four chirps');

    const quoted = 'He said "hi" \\ <b>bold</b> 🙂';
    await edit(pair.b, fromA[0]!.id, quoted);
    await edit(pair.a, fromB[0]!.id, 'edited on a');
    await remove(pair.b, fromA[1]!.id);
    await expectConverged(pair, 'both leaders to apply the other\'s edits and delete');
    await expectBoth(pair, fromA[0]!.id, quoted, 'An edit made on one leader must reach the other, byte for byte.');
    await expectBoth(pair, fromB[0]!.id, 'edited on a', 'An edit made on one leader must reach the other.');
    await expectBoth(pair, fromA[1]!.id, undefined, 'A delete made on one leader must reach the other.');
    await expectBoth(pair, fromB[1]!.id, 'from b 2', 'A chirp nobody touched stays as it was.');

    const before = await checksum(pair.a);
    const id = fromB[1]!.id;
    const hostile: [string, unknown, number][] = [
      [`/api/chirps/${id}`, { text: 42 }, 400],
      [`/api/chirps/${id}`, { text: '' }, 400],
      [`/api/chirps/${id}`, { text: 'x'.repeat(281) }, 400],
      [`/api/chirps/${id}`, { text: 'ok', author: 'eve' }, 400],
      [`/api/chirps/${id}`, ['text', 'ok'], 400],
      [`/api/chirps/${id}`, 'ok', 400],
      ['/api/chirps/abc', { text: 'ok' }, 404],
      ['/api/chirps/0', { text: 'ok' }, 404],
      ['/api/chirps/99999999', { text: 'ok' }, 404],
      [`/api/chirps/${fromA[1]!.id}`, { text: 'a deleted chirp' }, 404],
    ];
    for (const [path, body, status] of hostile) {
      const res = await request(`${pair.a.url}${path}`, { method: 'PUT', body, timeoutMs: 5000 });
      check(res.status === status, () => `PUT ${path} with ${JSON.stringify(body).slice(0, 60)}: expected ${status}, got ${res.status} ${excerpt(res.text)} (provided peer-api.ts checks edits: keep it as given)`);
    }
    for (const query of ['from=0', 'from=abc', 'from=1&from=2', 'from=1&wait=99999999', 'from=1&wait=-1', 'wait=10']) {
      const res = await request(`${pair.a.url}/replication/changes?${query}`, { timeoutMs: 5000 });
      check(res.status === 400, () => `GET /replication/changes?${query}: expected 400, got ${res.status} ${excerpt(res.text)} (provided peer-api.ts checks its parameters: keep it as given)`);
    }
    const after = await checksum(pair.a);
    check(after.sha256 === before.sha256 && after.position === before.position, () => `refused edits changed ${pair.a.instanceId}: position ${before.position} -> ${after.position}. Read: ${LESSON}`);
  });

  it('a partition: both leaders keep accepting writes; after the heal both hold every create, and each chirp written on both sides ends as its later write left it', async () => {
    const pair = await startLeaderPair('t8-split');
    const [x1, x2, x3] = [await create(pair.a, 'ada', 'x1'), await create(pair.a, 'ada', 'x2'), await create(pair.a, 'ada', 'x3')];
    await expectConverged(pair, 'both leaders to hold x1, x2 and x3 before the partition');
    await partition(pair);
    const created = [await create(pair.a, 'ada', 'written on a during the partition'), await create(pair.b, 'bob', 'written on b during the partition')];
    // Each pair of conflicting writes is made in this order, a little apart in real time.
    await edit(pair.a, x1.id, 'x1 edited on a first');
    await laterInRealTime();
    await edit(pair.b, x1.id, 'x1 edited on b later');
    await remove(pair.a, x2.id);
    await laterInRealTime();
    await edit(pair.b, x2.id, 'x2 edited on b after a deleted it');
    await edit(pair.a, x3.id, 'x3 edited on a first');
    await laterInRealTime();
    await remove(pair.b, x3.id);
    await heal(pair);
    await expectConverged(pair, 'both leaders to converge after the heal');
    for (const chirp of created) await expectBoth(pair, chirp.id, chirp.text, 'A create acknowledged during the partition cannot conflict with anything (its id is its leader\'s own) and must survive.');
    await expectBoth(pair, x1.id, 'x1 edited on b later', 'Two edits of one chirp: the one with the higher stamp (here the later one) wins on both leaders.');
    await expectBoth(pair, x2.id, 'x2 edited on b after a deleted it', 'A delete, then a later edit on the other side: the edit has the higher stamp, so the chirp is back, with that text, on both leaders.');
    await expectBoth(pair, x3.id, undefined, 'An edit, then a later delete on the other side: the delete\'s tombstone has the higher stamp and must win on both leaders, even though the edit arrives after it.');
  });

  it('a clock 30 s behind: an edit made after seeing the other leader\'s write still wins, on both', async () => {
    const pair = await startLeaderPair('t8-skew', { b: { CLOCK_SKEW_MS: '-30000' } });
    const chirp = await create(pair.a, 'ada', 'original');
    await edit(pair.a, chirp.id, 'edited on a');
    await waitFor(pair.b, chirp.id, 'edited on a', 'a\'s edit');
    await edit(pair.b, chirp.id, 'edited on b after reading a\'s edit');
    await expectConverged(pair, 'both leaders to converge');
    await expectBoth(pair, chirp.id, 'edited on b after reading a\'s edit', `${pair.b.instanceId}'s wall clock is 30 s behind, but its edit came after it applied ${pair.a.instanceId}'s: HybridClock.observe() must carry the stamp it saw, so the next now() is above it.`);

    // Concurrent edits: no causal link, so the wall clock decides, and a's is 30 s ahead of b's.
    await partition(pair);
    await edit(pair.a, chirp.id, 'a during the partition');
    await laterInRealTime();
    await edit(pair.b, chirp.id, 'b during the partition, later in real time');
    await heal(pair);
    await expectConverged(pair, 'both leaders to converge after the heal');
    await expectBoth(pair, chirp.id, 'a during the partition', `Two concurrent edits are ordered by their stamps; ${pair.a.instanceId}'s wall is 30 s ahead of ${pair.b.instanceId}'s, so its edit has the higher stamp, although it was made first.`);
  });

  it('stopped clocks: two edits that tie on wall and count go to the higher NODE_ID, on both', async () => {
    const stopped = { CLOCK_STOPPED_AT_MS: STOPPED_AT_MS };
    const pair = await startLeaderPair('t8-tie', { a: stopped, b: stopped });
    // Each leader makes one write and then sees one of the other's: their clocks end in step.
    await partition(pair);
    const x = await create(pair.a, 'ada', 'x');
    const y = await create(pair.b, 'bob', 'y');
    await heal(pair);
    await expectConverged(pair, 'both leaders to hold x and y');
    await partition(pair);
    await edit(pair.a, x.id, 'x edited on a');
    await edit(pair.b, x.id, 'x edited on b');
    await heal(pair);
    await expectConverged(pair, 'both leaders to converge after the heal');
    await expectBoth(pair, x.id, 'x edited on b', `Both wall clocks are stopped at the same instant and both leaders did the same steps, so both edits have the same wall and count: the node breaks the tie, and "${pair.b.instanceId}" > "${pair.a.instanceId}".`);
    check((await read(pair.a, y.id))?.text === 'y', () => `chirp ${y.id} on ${pair.a.instanceId}: expected "y". Read: ${LESSON}`);
  });
});
