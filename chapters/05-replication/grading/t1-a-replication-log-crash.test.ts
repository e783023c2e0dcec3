// T1, a replication log: a leader killed in the middle of a write burst loses no acknowledged
// write, and its log and its rows still agree.
import { check, describeTask, excerpt, pollUntil, seeded } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { allChirps, type Chirp, checksum, readLog, startLeader, T1_LESSON, writeLoad } from './node-support.ts';

describeTask('T1', () => {
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
      check(JSON.stringify(replayed.get(id)) === JSON.stringify(chirp), `chirp ${id} is in the database (${excerpt(JSON.stringify(chirp), 120)}) but replaying the log gives ${JSON.stringify(replayed.get(id)) ?? 'no such chirp'}: a row without its entry. Write both in one transaction. Read: ${T1_LESSON}`);
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
