import { check, describeTask, seeded } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { bulkOf, entryBytes, expectReply, field, info, int, LESSON, nil, ok, RespConnection, show, startCache } from './cache-support.ts';

// One command at a time on a plain connection, no deadlines: these tests are about the bound,
// the eviction order and the counters, not about framing (T1) or expiry (T2). Each test starts
// a server of its own, so every counter starts at zero.
const L = LESSON.T3;
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

async function cacheWith(maxBytes: number): Promise<RespConnection> {
  const app = await startCache({ CACHE_MAX_BYTES: String(maxBytes) });
  return RespConnection.open(app.port);
}

/** INFO's memory and counters, each checked to be present. */
async function numbers(conn: RespConnection) {
  const fields = await info(conn);
  const get = (name: string) => field(fields, name, L);
  return { used: get('used_memory'), max: get('maxmemory'), hits: get('keyspace_hits'), misses: get('keyspace_misses'), evicted: get('evicted_keys'), keys: fields.keys! };
}

/** A value that makes the entry cost exactly `bytes` with this key. */
const valueFor = (key: string, bytes: number) => 'v'.repeat(bytes - entryBytes(key, ''));

describeTask('T3', () => {
  it('used_memory counts key + value + 64 bytes per entry, and gives bytes back on overwrite and DEL', async () => {
    const random = seeded('T3 accounting');
    const conn = await cacheWith(1_000_000);
    const model = new Map<string, number>();
    const expectUsed = async (action: string) => {
      const { used, max } = await numbers(conn);
      const want = [...model.values()].reduce((a, b) => a + b, 0);
      const detail = [...model.entries()].slice(0, 3).map(([k, b]) => `${k}: ${b}`).join(', ');
      check(used === want, () => `INFO used_memory after ${action}: expected ${want} (key bytes + value bytes + 64 per entry; e.g. ${detail}), got ${used} (${L})`);
      check(max === 1_000_000, () => `INFO maxmemory: expected 1000000 (CACHE_MAX_BYTES), got ${max} (${L})`);
    };
    await expectUsed('start-up (no keys)');
    const keys = Array.from({ length: 6 }, (_, i) => `t3:acc:${i}:${random.string(ALNUM, random.int(1, 20))}`);
    for (const key of keys) {
      const value = random.string(ALNUM, random.int(0, 2000));
      expectReply(await conn.command('SET', key, value), ok, `SET ${key} <${value.length} bytes>`, L);
      model.set(key, entryBytes(key, value));
      await expectUsed(`SET ${key} with a ${value.length}-byte value`);
    }
    for (const key of keys.slice(0, 3)) {
      const value = random.string(ALNUM, random.int(0, 2000));
      expectReply(await conn.command('SET', key, value), ok, `SET ${key} <${value.length} bytes> (an overwrite)`, L);
      model.set(key, entryBytes(key, value));
      await expectUsed(`overwriting ${key} with a ${value.length}-byte value (the old value's bytes must be given back)`);
    }
    const utf8Key = `t3:acc:é:${random.string(ALNUM, 4)}`;
    expectReply(await conn.command('SET', utf8Key, 'ü€'), ok, `SET ${utf8Key} ü€`, L);
    model.set(utf8Key, entryBytes(utf8Key, 'ü€'));
    await expectUsed(`SET ${utf8Key} ü€ (bytes, not characters: the key is ${Buffer.byteLength(utf8Key)} bytes, the value 5)`);
    expectReply(await conn.command('DEL', keys[4]!, keys[5]!, 'nope'), int(2), `DEL ${keys[4]} ${keys[5]} nope`, L);
    model.delete(keys[4]!);
    model.delete(keys[5]!);
    await expectUsed(`DEL ${keys[4]} ${keys[5]}`);
  });

  it('evicts the least recently used keys, where a GET counts as a use', async () => {
    const random = seeded('T3 lru');
    const entry = 1000;
    const conn = await cacheWith(10 * entry);
    const keys = Array.from({ length: 10 }, (_, i) => `t3:lru:${String(i).padStart(2, '0')}:${random.string(ALNUM, 4)}`);
    const order: string[] = [];
    const write = async (key: string, bytes: number) => {
      expectReply(await conn.command('SET', key, valueFor(key, bytes)), ok, `SET ${key} (${bytes} bytes with key and overhead)`, L);
      const { used, max } = await numbers(conn);
      check(used <= max, () => `INFO after SET ${key}: used_memory ${used} is over maxmemory ${max}; evict before the bound is passed (${L})`);
    };
    for (const key of keys) {
      await write(key, entry);
      order.push(key);
    }
    const full = await numbers(conn);
    check(full.used === 10 * entry && full.evicted === 0, () => `INFO after 10 entries of ${entry} bytes with CACHE_MAX_BYTES=${10 * entry}: expected used_memory ${10 * entry} and evicted_keys 0 (they fit exactly), got ${full.used} and ${full.evicted} (${L})`);
    // Read a seeded handful of the oldest keys: they become the most recently used.
    const touched = keys.slice(0, 6).filter(() => random.next() < 0.5).slice(0, 3);
    if (touched.length === 0) touched.push(keys[0]!);
    for (const key of touched) {
      expectReply(await conn.command('GET', key), bulkOf(valueFor(key, entry)), `GET ${key}`, L);
      order.splice(order.indexOf(key), 1);
      order.push(key);
    }
    // Two more small entries, then one that needs two victims at once.
    const extra = [`t3:lru:new1:${random.string(ALNUM, 4)}`, `t3:lru:new2:${random.string(ALNUM, 4)}`];
    const big = `t3:lru:big:${random.string(ALNUM, 4)}`;
    const evicted: string[] = [];
    for (const [key, bytes] of [[extra[0]!, entry], [extra[1]!, entry], [big, 2 * entry]] as const) {
      let free = 10 * entry - (order.length * entry + (order.includes(big) ? entry : 0));
      while (free < bytes) {
        evicted.push(order.shift()!);
        free += entry;
      }
      await write(key, bytes);
      order.push(key);
    }
    const present: string[] = [];
    for (const key of [...keys, ...extra, big]) if ((await conn.command('EXISTS', key)).value === 1) present.push(key);
    const gone = keys.filter((k) => !present.includes(k));
    check(gone.join(',') === evicted.join(','), () => `after GET ${touched.join(', ')} and 4000 more bytes of SETs into a full cache: expected exactly ${evicted.join(', ')} to be evicted (least recently used first; a GET is a use), but the keys gone are ${gone.join(', ') || 'none'} (${L})`);
    const after = await numbers(conn);
    check(after.evicted === evicted.length, () => `INFO evicted_keys: expected ${evicted.length}, got ${after.evicted} (${L})`);
    check(after.used === 10 * entry, () => `INFO used_memory: expected ${10 * entry} after the evictions, got ${after.used} (${L})`);
  });

  it('refuses a value bigger than the whole bound with -OOM and evicts nothing', async () => {
    const random = seeded('T3 oom');
    const conn = await cacheWith(4096);
    const small = Array.from({ length: 3 }, (_, i) => `t3:oom:${i}:${random.string(ALNUM, 4)}`);
    for (const key of small) expectReply(await conn.command('SET', key, 'x'.repeat(100)), ok, `SET ${key} <100 bytes>`, L);
    const before = await numbers(conn);
    const huge = `t3:oom:huge:${random.string(ALNUM, 4)}`;
    const reply = await conn.command('SET', huge, 'y'.repeat(5000));
    check(reply.type === 'error' && reply.value.startsWith('OOM'), () => `SET ${huge} <5000 bytes> with CACHE_MAX_BYTES=4096: expected -OOM command not allowed when used memory > 'maxmemory'., got ${show(reply)} (${L})`);
    expectReply(await conn.command('EXISTS', ...small, huge), int(3), `EXISTS of the 3 small keys and ${huge} after the refused SET`, L);
    const after = await numbers(conn);
    check(after.used === before.used && after.evicted === 0, () => `INFO after the refused SET: expected used_memory ${before.used} and evicted_keys 0 as before, got ${after.used} and ${after.evicted} (${L})`);
  });

  it('counts keyspace_hits and keyspace_misses exactly', async () => {
    const random = seeded('T3 hits');
    const conn = await cacheWith(1_000_000);
    const present = Array.from({ length: 5 }, (_, i) => `t3:hit:${i}:${random.string(ALNUM, 5)}`);
    for (const key of present) expectReply(await conn.command('SET', key, key), ok, `SET ${key}`, L);
    let hits = 0;
    let misses = 0;
    for (let i = 0; i < 40; i++) {
      if (random.next() < 0.6) {
        const key = random.pick(present);
        expectReply(await conn.command('GET', key), bulkOf(key), `GET ${key}`, L);
        hits++;
      } else {
        const key = `t3:miss:${random.string(ALNUM, 6)}`;
        expectReply(await conn.command('GET', key), nil, `GET ${key}`, L);
        misses++;
      }
    }
    expectReply(await conn.command('DEL', present[0]!), int(1), `DEL ${present[0]}`, L);
    expectReply(await conn.command('GET', present[0]!), nil, `GET ${present[0]} after DEL`, L);
    misses++;
    const counted = await numbers(conn);
    check(counted.hits === hits && counted.misses === misses, () => `INFO after ${hits} GETs of stored keys and ${misses} of missing ones (SET, DEL and INFO count as neither): expected keyspace_hits:${hits} keyspace_misses:${misses}, got ${counted.hits} and ${counted.misses}; hit ratio = hits / (hits + misses) (${L})`);
  });

  it('matches an exact LRU model under a seeded mix of SET, GET and DEL of random sizes', async () => {
    const random = seeded('T3 model');
    const max = 20_000;
    const conn = await cacheWith(max);
    const keys = Array.from({ length: 40 }, (_, i) => `t3:m:${i}:${random.string(ALNUM, random.int(1, 8))}`);
    const model = new Map<string, string>();
    let used = 0;
    let evicted = 0;
    for (let step = 1; step <= 400; step++) {
      const key = random.pick(keys);
      const roll = random.next();
      if (roll < 0.45) {
        const value = random.string(ALNUM, random.int(0, 3000));
        const cost = entryBytes(key, value);
        if (model.has(key)) {
          used -= entryBytes(key, model.get(key)!);
          model.delete(key);
        }
        while (used + cost > max) {
          const [victim, old] = model.entries().next().value!;
          model.delete(victim);
          used -= entryBytes(victim, old);
          evicted++;
        }
        model.set(key, value);
        used += cost;
        expectReply(await conn.command('SET', key, value), ok, `step ${step}: SET ${key} <${value.length} bytes>`, L);
      } else if (roll < 0.9) {
        const value = model.get(key);
        if (value !== undefined) {
          model.delete(key);
          model.set(key, value);
        }
        const reply = await conn.command('GET', key);
        check(show(reply) === show(value === undefined ? nil : bulkOf(value)), () => `step ${step}: GET ${key}: an exact LRU with used_memory = key + value + 64 per entry ${value === undefined ? 'has evicted or never had this key, expected (nil)' : `still holds it, expected its ${value.length}-byte value`}, got ${show(reply)} (${L})`);
      } else {
        const old = model.get(key);
        if (old !== undefined) used -= entryBytes(key, old);
        const had = model.delete(key);
        expectReply(await conn.command('DEL', key), int(had ? 1 : 0), `step ${step}: DEL ${key}`, L);
      }
    }
    const counted = await numbers(conn);
    check(counted.used === used && counted.evicted === evicted && counted.keys === model.size, () => `INFO after 400 seeded commands: an exact LRU model has used_memory ${used}, evicted_keys ${evicted}, ${model.size} keys; got ${counted.used}, ${counted.evicted}, ${counted.keys} (${L})`);
  });
});
