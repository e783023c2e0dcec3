import { check, describeTask, LabFailure, pollUntil, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { bulkOf, expectReply, field, info, int, LESSON, nil, ok, RespConnection, show, startCache } from './cache-support.ts';

// One command at a time on a plain connection: these tests are about what the keyspace does,
// not about framing (T1), so nothing here is pipelined, split or binary.
const L = LESSON.T2;
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Polls GET until the key reads nil; returns when (client clock) that was first seen. */
async function waitUntilGone(conn: RespConnection, key: string, what: string): Promise<number> {
  return pollUntil(async () => {
    const reply = await conn.command('GET', key);
    return reply.type === 'bulk' && reply.value === null ? Date.now() : undefined;
  }, { what: `${what} to expire (GET ${key} to answer nil)`, timeoutMs: 4000, intervalMs: 10 });
}

describeTask('T2', () => {
  const cache = shared(() => startCache());
  const open = async () => RespConnection.open((await cache()).port);

  it('stores, reads, counts and deletes keys that never expire', async () => {
    const random = seeded('T2 basic');
    const conn = await open();
    const [a, b, c] = ['a', 'b', 'c'].map((n) => `t2:${n}:${random.string(ALNUM, 8)}`) as [string, string, string];
    const value = random.string(ALNUM, 20);
    expectReply(await conn.command('GET', a), nil, `GET ${a} before any SET`, L);
    expectReply(await conn.command('SET', a, value), ok, `SET ${a} ${value}`, L);
    expectReply(await conn.command('SET', b, 'second'), ok, `SET ${b} second`, L);
    expectReply(await conn.command('GET', a), bulkOf(value), `GET ${a}`, L);
    expectReply(await conn.command('SET', a, 'changed'), ok, `SET ${a} changed (an overwrite)`, L);
    expectReply(await conn.command('GET', a), bulkOf('changed'), `GET ${a} after the overwrite`, L);
    expectReply(await conn.command('EXISTS', a, c, b, a), int(3), `EXISTS ${a} ${c} ${b} ${a} (${c} was never set; a key named twice counts twice)`, L);
    expectReply(await conn.command('DEL', a, c, b), int(2), `DEL ${a} ${c} ${b} (only keys that existed count)`, L);
    expectReply(await conn.command('GET', a), nil, `GET ${a} after DEL`, L);
    expectReply(await conn.command('EXISTS', a, b), int(0), `EXISTS ${a} ${b} after DEL`, L);
    expectReply(await conn.command('DEL', a), int(0), `DEL ${a} a second time`, L);
  });

  it('SET NX sets a missing key and leaves an existing one alone', async () => {
    const conn = await open();
    const key = `t2:nx:${seeded('T2 nx').string(ALNUM, 8)}`;
    expectReply(await conn.command('SET', key, 'first', 'NX'), ok, `SET ${key} first NX (the key is missing)`, L);
    expectReply(await conn.command('SET', key, 'second', 'NX'), nil, `SET ${key} second NX (the key exists: nil, nothing changes)`, L);
    expectReply(await conn.command('GET', key), bulkOf('first'), `GET ${key} after a refused SET NX`, L);
  });

  it('a key set with PX is readable before its deadline and never after', async () => {
    const random = seeded('T2 px');
    const conn = await open();
    // Staggered deadlines, so some fall just before a sweep and some just after one.
    const keys = Array.from({ length: 8 }, (_, i) => ({ key: `t2:px:${i}:${random.string(ALNUM, 6)}`, ttl: 150 + i * 30, sentAt: 0, setAt: 0 }));
    for (const k of keys) {
      k.sentAt = Date.now();
      expectReply(await conn.command('SET', k.key, 'soon gone', 'PX', String(k.ttl)), ok, `SET ${k.key} "soon gone" PX ${k.ttl}`, L);
      k.setAt = Date.now();
      expectReply(await conn.command('GET', k.key), bulkOf('soon gone'), `GET ${k.key} right after SET ... PX ${k.ttl}`, L);
    }
    // The deadline lies between SET's sending + ttl and SET's reply + ttl: a GET sent after the
    // latter must answer nil, and a nil cannot come back before the former.
    const pending = new Set(keys);
    // pollUntil treats a throw as "not yet", so a broken promise is recorded and ends the wait.
    let broken: string | undefined;
    await pollUntil(async () => {
      for (const k of [...pending]) {
        const sentAt = Date.now();
        const reply = await conn.command('GET', k.key);
        if (reply.type === 'bulk' && reply.value === null) {
          if (Date.now() - k.sentAt < k.ttl) broken = `GET ${k.key}: it was set with PX ${k.ttl} but was gone ${Date.now() - k.sentAt} ms later; PX counts milliseconds (${L})`;
          pending.delete(k);
        } else if (sentAt - k.setAt >= k.ttl) {
          broken = `GET ${k.key}: set with PX ${k.ttl}, it still answered ${show(reply)} ${sentAt - k.setAt} ms later; an expired key must never be returned: check the deadline on every read (lazy expiry), the sweep alone comes too late (${L})`;
        }
        if (broken) return true;
      }
      return pending.size === 0;
    }, { what: 'every key set with PX to expire', timeoutMs: 4000, intervalMs: 5 });
    check(broken === undefined, () => broken!);
    const key = keys[0]!.key;
    expectReply(await conn.command('EXISTS', key), int(0), `EXISTS ${key} after it expired`, L);
  });

  it('EX counts seconds, and EXISTS answers 0 for an expired key', async () => {
    const random = seeded('T2 ex');
    const conn = await open();
    // The EX 5 key must be read well within its 5 s. A machine that stalls for seconds (a
    // loaded CI runner) breaks that premise, not the cache: then the round starts again.
    for (let round = 1; ; round++) {
      const [slow, early, late, sentinel] = ['slow', 'early', 'late', 'sentinel'].map((n) => `t2:${n}:${random.string(ALNUM, 6)}`) as [string, string, string, string];
      const setAt = Date.now();
      expectReply(await conn.command('SET', slow, 'v', 'EX', '5'), ok, `SET ${slow} v EX 5`, L);
      expectReply(await conn.command('SET', early, 'v', 'PX', '150'), ok, `SET ${early} v PX 150`, L);
      expectReply(await conn.command('SET', late, 'v', 'PX', '150'), ok, `SET ${late} v PX 150`, L);
      expectReply(await conn.command('SET', sentinel, 'v', 'PX', '150'), ok, `SET ${sentinel} v PX 150`, L);
      await waitUntilGone(conn, sentinel, `${sentinel} (PX 150)`);
      // early and late were set before the sentinel: their deadlines have passed too.
      expectReply(await conn.command('EXISTS', early, late), int(0), `EXISTS ${early} ${late}: both were set with PX 150 before ${sentinel}, which has expired`, L);
      const elapsed = Date.now() - setAt;
      if (elapsed > 3000) {
        check(round < 3, `the grading machine stalled: ${elapsed} ms passed between SET ${slow} EX 5 and the read meant to follow it at once, in 3 rounds; grade again`);
        continue;
      }
      expectReply(await conn.command('GET', slow), bulkOf('v'), `GET ${slow}, set with EX 5 (seconds) ${elapsed} ms ago`, L);
      expectReply(await conn.command('DEL', slow), int(1), `DEL ${slow}`, L);
      break;
    }
  });

  it('SET without EX or PX removes the old deadline; SET with PX adds one', async () => {
    const random = seeded('T2 keep');
    const conn = await open();
    const [kept, added, sentinel] = ['kept', 'added', 'sentinel'].map((n) => `t2:${n}:${random.string(ALNUM, 6)}`) as [string, string, string];
    expectReply(await conn.command('SET', kept, 'old', 'PX', '150'), ok, `SET ${kept} old PX 150`, L);
    expectReply(await conn.command('SET', added, 'forever'), ok, `SET ${added} forever`, L);
    expectReply(await conn.command('SET', kept, 'new'), ok, `SET ${kept} new (no EX/PX)`, L);
    expectReply(await conn.command('SET', added, 'brief', 'PX', '150'), ok, `SET ${added} brief PX 150`, L);
    expectReply(await conn.command('SET', sentinel, 'v', 'PX', '150'), ok, `SET ${sentinel} v PX 150`, L);
    await waitUntilGone(conn, sentinel, `${sentinel} (PX 150)`);
    expectReply(await conn.command('GET', kept), bulkOf('new'), `GET ${kept}: it was set with PX 150, then SET again without EX/PX (which drops the deadline, as in Redis), and 150 ms have passed`, L);
    expectReply(await conn.command('GET', added), nil, `GET ${added}: set without a deadline, then SET again with PX 150, and 150 ms have passed`, L);
  });

  it('SET NX on an expired key sets it', async () => {
    const random = seeded('T2 nx expired');
    const conn = await open();
    const [key, sentinel] = [`t2:nxe:${random.string(ALNUM, 6)}`, `t2:nxs:${random.string(ALNUM, 6)}`];
    expectReply(await conn.command('SET', key, 'old', 'PX', '100'), ok, `SET ${key} old PX 100`, L);
    expectReply(await conn.command('SET', sentinel, 'v', 'PX', '100'), ok, `SET ${sentinel} v PX 100`, L);
    await waitUntilGone(conn, sentinel, `${sentinel} (PX 100)`);
    expectReply(await conn.command('SET', key, 'new', 'NX'), ok, `SET ${key} new NX after ${key} expired (an expired key does not exist)`, L);
    expectReply(await conn.command('GET', key), bulkOf('new'), `GET ${key} after SET NX on the expired key`, L);
  });

  it('sweeps out expired keys nobody reads and counts every expiry once (active expiry)', async () => {
    const random = seeded('T2 sweep');
    // A server of its own, so its counters hold only this test's keys.
    const conn = await RespConnection.open((await startCache()).port);
    const keep = Array.from({ length: 5 }, (_, i) => `t2:keep:${i}:${random.string(ALNUM, 6)}`);
    for (const k of keep) expectReply(await conn.command('SET', k, random.string(ALNUM, 30)), ok, `SET ${k} (no deadline)`, L);
    const before = await info(conn);
    const baseMemory = field(before, 'used_memory', LESSON.T3);
    const read = Array.from({ length: 20 }, (_, i) => `t2:read:${i}:${random.string(ALNUM, 6)}`);
    const unread = Array.from({ length: 40 }, (_, i) => `t2:unread:${i}:${random.string(ALNUM, 6)}`);
    for (const k of [...unread, ...read]) expectReply(await conn.command('SET', k, random.string(ALNUM, random.int(10, 200)), 'PX', '150'), ok, `SET ${k} ... PX 150`, L);
    for (const k of read) await waitUntilGone(conn, k, k);
    let last = before;
    await pollUntil(async () => {
      last = await info(conn);
      return last.keys === keep.length;
    }, { what: 'INFO to show 5 keys left', timeoutMs: 3000 }).catch(() => {
      throw new LabFailure(`INFO after 60 keys set with PX 150 expired: 20 were read after their deadline, 40 were never touched again; expected db0:keys=5 within 3 s, got keys=${last.keys}. Expired keys nobody reads must be deleted by a periodic sweep (active expiry) (${L})`);
    });
    const expired = field(last, 'expired_keys', L) - field(before, 'expired_keys', L);
    check(expired === 60, () => `INFO expired_keys: 60 keys expired (20 found by GET, 40 by the sweep), each must be counted once; the counter grew by ${expired} (${L})`);
    const memory = field(last, 'used_memory', LESSON.T3);
    check(memory === baseMemory, () => `INFO used_memory: with the expired keys gone it should be back to ${baseMemory} (the 5 keys without a deadline), got ${memory} (${L})`);
  });
});
