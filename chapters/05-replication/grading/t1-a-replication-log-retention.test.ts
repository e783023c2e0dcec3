// T1, a replication log: what the log keeps (LOG_RETAIN), and positions that survive a restart.
import { check, describeTask, excerpt, request } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { createChirp, type Entry, readLog, startLeader, T1_LESSON } from './node-support.ts';

describeTask('T1', () => {
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
    check(kept.entries.map((e) => e.seq).join() === '8,9,10,11,12', `LOG_RETAIN=5 after 12 writes: expected entries 8..12 from ?from=8, got ${kept.entries.map((e) => e.seq).join(', ') || 'none'}. Keep exactly the newest LOG_RETAIN. Read: ${T1_LESSON}`);
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
});
