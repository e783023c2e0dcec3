import { check, describeTask, excerpt, expectJsonError, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { allChirps, type Chirp, checksum, createChirp, deleteChirp, type Entry, readLog, startLeader, writeLoad } from './node-support.ts';

const LESSON = 'README.md, "T1 · A replication log"';

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
    check(positions.join() === [start + 1, start + 2, start + 3, start + 4].join(), `4 writes after position ${start}: expected X-Chirp-Position ${start + 1}..${start + 4}, got ${positions.join(', ')}. Each committed write takes the next number. Read: ${LESSON}`);
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

  it('the log keeps only the newest LOG_RETAIN entries and answers 410 below them', async () => {
    const node = await startLeader({ id: 't1-retain', env: { LOG_RETAIN: '5' } });
    for (let i = 1; i <= 12; i++) await createChirp(node, 't1_retain', `r${i}`);
    for (const from of [1, 7]) {
      const gone = await request(`${node.url}/replication/log?from=${from}`);
      check(gone.status === 410, `LOG_RETAIN=5 after 12 writes, GET /replication/log?from=${from}: expected 410 (entries 1..7 were truncated), got ${gone.status} ${excerpt(gone.text)}`);
      const body = gone.json<{ error?: unknown; firstSeq?: unknown }>();
      check(body.firstSeq === 8 && typeof body.error === 'string', `the 410 answer: expected {"error": "...", "firstSeq": 8}, got ${excerpt(gone.text)}`);
    }
    const kept = await readLog(node, 8);
    check(kept.entries.map((e) => e.seq).join() === '8,9,10,11,12', `LOG_RETAIN=5 after 12 writes: expected entries 8..12 from ?from=8, got ${kept.entries.map((e) => e.seq).join(', ') || 'none'}. Keep exactly the newest LOG_RETAIN. Read: ${LESSON}`);
    const end = await request(`${node.url}/replication/log?from=13`);
    check(end.status === 200 && end.json<{ entries: Entry[] }>().entries.length === 0, `GET ?from=13, just past the end: expected 200 with no entries (not 410), got ${end.status} ${excerpt(end.text)}`);
  });

  it('positions come from a durable counter: they continue after a restart', async () => {
    const first = await startLeader({ id: 't1-restart' });
    for (let i = 1; i <= 3; i++) await createChirp(first, 't1_restart', `before ${i}`);
    first.component.signal('SIGKILL');
    await first.component.waitForExit(5000);
    const again = await startLeader({ id: 't1-restart', dataDir: first.dataDir, port: first.port });
    const four = await createChirp(again, 't1_restart', 'after 1');
    const five = await createChirp(again, 't1_restart', 'after 2');
    check(four.position === 4 && five.position === 5, `3 writes, SIGKILL, restart on the same DATA_DIR, 2 writes: expected positions 4 and 5, got ${four.position} and ${five.position}. Keep the counter in the database, written in the same transaction as the entry.`);
    const log = await readLog(again, 1);
    check(log.entries.map((e) => e.seq).join() === '1,2,3,4,5', `after the restart, the log from 1: expected entries 1..5, got ${log.entries.map((e) => e.seq).join(', ')}`);
  });

  it('SIGKILL during a write burst: every acknowledged write is in the log, and every row has its entry', async () => {
    const random = seeded('T1 kill');
    let node = await startLeader({ id: 't1-kill' });
    const acknowledged = new Map<number, Chirp>();
    const maybeDeleted = new Set<number>();
    // Each kill lands at a random instant; five of them make landing between two separate commits all but certain.
    for (let round = 1; round <= 5; round++) {
      const load = writeLoad(node, random.fork(`round ${round}`), 6, 't1_kill');
      const target = 60 + random.int(0, 80);
      await pollUntil(() => load.count >= target, { what: `${target} writes to be answered`, timeoutMs: 20_000, intervalMs: 5 });
      node.component.signal('SIGKILL');
      await load.stop();
      await node.component.waitForExit(5000);
      for (const [id, chirp] of load.acknowledged) acknowledged.set(id, chirp);
      for (const id of load.attemptedDeletes) maybeDeleted.add(id);
      node = await startLeader({ id: 't1-kill', dataDir: node.dataDir, port: node.port });
    }
    const log = await readLog(node, 1);
    const rows = await allChirps(node);
    const seqs = log.entries.map((e) => e.seq);
    check(seqs.every((s, i) => s === i + 1) && log.position === seqs.length, `after 5 SIGKILLs mid-burst, the log from 1: expected contiguous positions 1..${log.position}, got ${seqs.length} entries (${excerpt(seqs.join(','), 120)})`);
    // Replay the log: it must produce exactly the rows the database holds.
    const replayed = new Map<number, Chirp>();
    for (const entry of log.entries) {
      if (entry.op === 'create') replayed.set(entry.chirp.id, entry.chirp);
      else replayed.delete(entry.id);
    }
    for (const [id, chirp] of rows) {
      check(JSON.stringify(replayed.get(id)) === JSON.stringify(chirp), `chirp ${id} is in the database (${excerpt(JSON.stringify(chirp), 120)}) but replaying the log gives ${JSON.stringify(replayed.get(id)) ?? 'no such chirp'}: a row without its entry. Write both in one transaction. Read: ${LESSON}`);
    }
    for (const id of replayed.keys()) check(rows.has(id), `replaying the log creates chirp ${id}, but the database does not have it: an entry without its row`);
    for (const [id, chirp] of acknowledged) {
      if (maybeDeleted.has(id)) continue;
      check(rows.has(id), `chirp ${id} (${excerpt(JSON.stringify(chirp), 100)}) was acknowledged with 201 before a SIGKILL, but is gone after the restart`);
    }
    const sum = await checksum(node);
    check(sum.rows === rows.size && sum.position === log.position, `GET /replication/checksum: expected ${rows.size} rows at position ${log.position}, got ${sum.rows} rows at ${sum.position}`);
  });
});
