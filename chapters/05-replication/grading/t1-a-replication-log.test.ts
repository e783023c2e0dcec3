// T1, a replication log: numbering, reading and long-polling the log of one leader. T1's checks
// are spread over three files that run side by side; the slowest (a SIGKILL mid-burst, five
// times) has a file of its own.
import { check, describeTask, excerpt, expectJsonError, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { type Chirp, checksum, createChirp, deleteChirp, type Entry, readLog, startLeader, T1_LESSON } from './node-support.ts';

describeTask('T1', () => {
  const leader = shared(() => startLeader({ id: 't1-leader' }));

  it('every write gets the next sequence number, in X-Chirp-Position and in the log', async () => {
    const node = await leader();
    const start = (await checksum(node)).position;
    const a = await createChirp(node, 't1_seq', 'first "quoted" <b>');
    const b = await createChirp(node, 't1_seq', 'second ünïcode ✓');
    const del = await deleteChirp(node, a.chirp.id);
    const c = await createChirp(node, 't1_seq', 'third');
    const positions = [a.position, b.position, del, c.position];
    check(positions.join() === [start + 1, start + 2, start + 3, start + 4].join(), `4 writes after position ${start}: expected X-Chirp-Position ${start + 1}..${start + 4}, got ${positions.join(', ')}. Each committed write takes the next number. Read: ${T1_LESSON}`);
    const { entries, position } = await readLog(node, start + 1);
    check(position === start + 4, `GET /replication/log: expected "position": ${start + 4} (the leader's last sequence number), got ${position}`);
    check(entries.map((e) => e.seq).join() === positions.join(), `GET /replication/log?from=${start + 1}: expected entries ${positions.join(', ')}, got ${entries.map((e) => e.seq).join(', ') || 'none'}`);
    const [ea, eb, ed, ec] = entries as [Entry, Entry, Entry, Entry];
    for (const [entry, chirp] of [[ea, a.chirp], [eb, b.chirp], [ec, c.chirp]] as [Entry, Chirp][]) {
      check(entry.op === 'create' && JSON.stringify(entry.chirp) === JSON.stringify(chirp), `log entry ${entry.seq}: expected {"op": "create", "chirp": ${JSON.stringify(chirp)}} (the chirp exactly as the write answered it), got ${excerpt(JSON.stringify(entry))}`);
      check(typeof entry.at === 'number' && Math.abs(entry.at - Date.parse(chirp.createdAt)) < 60_000, `log entry ${entry.seq}: expected "at" in ms since 1970 (when the leader committed it), got ${JSON.stringify(entry.at)}`);
    }
    check(ed.op === 'delete' && ed.id === a.chirp.id, `log entry ${ed.seq}: expected {"op": "delete", "id": ${a.chirp.id}}, got ${excerpt(JSON.stringify(ed))}`);
  });

  it('a delete of a missing chirp writes no entry', async () => {
    const node = await leader();
    const before = (await checksum(node)).position;
    const res = await request(`${node.url}/api/chirps/987654321`, { method: 'DELETE' });
    check(res.status === 404, `DELETE of a chirp that does not exist: expected 404, got ${res.status}`);
    const after = await readLog(node, before + 1);
    check(after.entries.length === 0 && after.position === before, `a delete that changed nothing: expected no new log entry (position stays ${before}), got position ${after.position} and ${after.entries.length} new entries`);
  });

  it('the log is read from any position, oldest first, at most 500 entries per answer', async () => {
    const node = await leader();
    const start = (await checksum(node)).position;
    const random = seeded('T1 batch');
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 66; i++) await createChirp(node, 't1_batch', `w${w} ${i} ${random.string('xyz', 4)}`);
    });
    await Promise.all(writers);
    const res = await request(`${node.url}/replication/log?from=${start + 1}`);
    check(res.status === 200, () => `GET /replication/log?from=${start + 1}: expected 200, got ${res.status} ${excerpt(res.text)}`);
    const body = res.json<{ entries: Entry[]; position: number }>();
    check(body.entries.length === 500, `528 entries after ${start}: expected the first answer to hold exactly 500 (the contract's batch limit), got ${body.entries.length}`);
    check(body.entries.every((e, i) => e.seq === start + 1 + i), `entries must be oldest first and contiguous from ${start + 1}; got ${body.entries.slice(0, 5).map((e) => e.seq).join(', ')}...`);
    const middle = await readLog(node, start + 300);
    check(middle.entries.length === 229 && middle.entries[0]!.seq === start + 300, `reading from ${start + 300}: expected entries ${start + 300}..${start + 528}, got ${middle.entries.length} entries from ${middle.entries[0]?.seq}`);
  });

  it('a long poll waits for the next write and answers as soon as it commits', async () => {
    const node = await leader();
    const next = (await checksum(node)).position + 1;
    const started = Date.now();
    const poll = request(`${node.url}/replication/log?from=${next}&wait=8000`, { timeoutMs: 12_000 });
    await pollUntil(() => Date.now() - started > 150, { what: 'the long poll to start', timeoutMs: 1000 });
    const write = await createChirp(node, 't1_poll', 'wake the poll');
    const res = await poll;
    const took = Date.now() - started;
    const body = res.json<{ entries: Entry[] }>();
    check(res.status === 200 && body.entries[0]?.seq === write.position, `GET /replication/log?from=${next}&wait=8000, then a write: expected that write's entry, got ${res.status} ${excerpt(res.text)}`);
    check(took < 5000, `the long poll answered ${took} ms after it started; it must answer as soon as the write commits, not when "wait" runs out`);
    const idle = Date.now();
    const empty = await request(`${node.url}/replication/log?from=${write.position + 1}&wait=300`, { timeoutMs: 10_000 });
    check(empty.status === 200 && empty.json<{ entries: Entry[] }>().entries.length === 0 && Date.now() - idle >= 250, `with nothing new, wait=300: expected an empty answer after about 300 ms, got ${empty.status} after ${Date.now() - idle} ms ${excerpt(empty.text)}`);
  });

  it('hostile parameters of GET /replication/log answer 400', async () => {
    const node = await leader();
    for (const query of ['', 'from=-1', 'from=abc', 'from=0', 'from=1.5', 'from=1e3', 'from=99999999999999999999999', 'from=1&from=2', 'from=1&wait=-5', 'from=1&wait=abc', 'from=1&wait=999999999', 'from=1&wait=1&wait=2', 'from=1&follower=%22%3E%3C', 'from=%00']) {
      const res = await request(`${node.url}/replication/log?${query}`, { timeoutMs: 5000 });
      expectJsonError(res, 400, `GET /replication/log?${query}`);
    }
  });
});
