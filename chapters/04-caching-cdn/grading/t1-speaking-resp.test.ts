import { check, describeTask, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { bulkOf, expectReply, frame, int, ioredis, LESSON, nil, ok, RespConnection, show, startCache } from './cache-support.ts';

const L = LESSON.T1;
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Every byte value once, with \r\n and NUL early so a line-based parser trips at once. */
const EVERY_BYTE = Buffer.concat([Buffer.from('a\r\nb\0\r\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

describeTask('T1', () => {
  const cache = shared(() => startCache());
  const open = async (what?: string) => RespConnection.open((await cache()).port, what);

  it('answers PING, SET and GET sent as whole frames', async () => {
    const conn = await open();
    expectReply(await conn.command('PING'), { type: 'simple', value: 'PONG' }, 'PING', L);
    const key = `t1:${seeded('T1 whole').string(ALNUM, 12)}`;
    expectReply(await conn.command('SET', key, 'hello'), ok, `SET ${key} hello`, L);
    expectReply(await conn.command('GET', key), bulkOf('hello'), `GET ${key}`, L);
    expectReply(await conn.command('GET', `${key}:missing`), nil, `GET ${key}:missing`, L);
  });

  it('reads a command sent one byte at a time', async () => {
    const conn = await open();
    const key = `t1:${seeded('T1 bytes').string(ALNUM, 8)}`;
    const set = frame('SET', key, 'x\r\ny');
    await conn.writeInPieces(set, Array.from({ length: set.length }, (_, i) => i + 1));
    const [reply] = await conn.read(1, `SET ${key} sent one byte per write (${set.length} writes)`);
    expectReply(reply!, ok, `SET ${key} sent one byte per write`, L);
    const get = frame('GET', key);
    await conn.writeInPieces(get, Array.from({ length: get.length }, (_, i) => i + 1));
    const [value] = await conn.read(1, `GET ${key} sent one byte per write`);
    expectReply(value!, bulkOf('x\r\ny'), `GET ${key} sent one byte per write`, L);
  });

  it('reads commands cut at random places, several per write', async () => {
    const random = seeded('T1 cuts');
    const conn = await open();
    for (let round = 0; round < 12; round++) {
      const key = `t1:cut:${round}:${random.string(ALNUM, 6)}`;
      const value = Buffer.from(Array.from({ length: random.int(0, 300) }, () => random.int(0, 255)));
      const bytes = Buffer.concat([frame('SET', key, value), frame('GET', key), frame('EXISTS', key, `${key}:no`), frame('PING')]);
      const cuts = Array.from({ length: random.int(1, 6) }, () => random.int(1, bytes.length - 1)).sort((a, b) => a - b);
      await conn.writeInPieces(bytes, cuts);
      const action = `round ${round}: SET, GET, EXISTS, PING (${bytes.length} bytes) written in pieces cut at bytes ${cuts.join(', ')}`;
      const replies = await conn.read(4, action);
      expectReply(replies[0]!, ok, `${action}: the SET`, L);
      expectReply(replies[1]!, bulkOf(value), `${action}: the GET of a ${value.length}-byte value`, L);
      expectReply(replies[2]!, int(1), `${action}: the EXISTS`, L);
      expectReply(replies[3]!, { type: 'simple', value: 'PONG' }, `${action}: the PING`, L);
    }
  });

  it('answers 100 pipelined commands sent in one write, in order', async () => {
    const random = seeded('T1 pipeline');
    const conn = await open();
    const keys = Array.from({ length: 50 }, (_, i) => `t1:pipe:${i}:${random.string(ALNUM, 6)}`);
    const values = keys.map(() => random.string(ALNUM, random.int(1, 40)));
    conn.write(Buffer.concat([...keys.map((k, i) => frame('SET', k, values[i]!)), ...keys.map((k) => frame('GET', k))]));
    const replies = await conn.read(100, '50 SETs then 50 GETs in one write');
    replies.slice(0, 50).forEach((reply, i) => expectReply(reply, ok, `pipelined command ${i + 1} (SET ${keys[i]})`, L));
    replies.slice(50).forEach((reply, i) => expectReply(reply, bulkOf(values[i]!), `pipelined command ${i + 51} (GET ${keys[i]})`, L));
  });

  it('keeps values binary-safe: every byte 0-255, \\r\\n, NUL, empty and UTF-8', async () => {
    const conn = await open();
    const key = `t1:bin:${seeded('T1 binary').string(ALNUM, 8)}`;
    expectReply(await conn.command('SET', key, EVERY_BYTE), ok, `SET ${key} <every byte 0-255>`, L);
    expectReply(await conn.command('GET', key), bulkOf(EVERY_BYTE), `GET ${key} (the value holds every byte 0-255, \\r\\n and NUL)`, L);
    expectReply(await conn.command('SET', `${key}:empty`, ''), ok, `SET ${key}:empty ""`, L);
    expectReply(await conn.command('GET', `${key}:empty`), bulkOf(''), `GET ${key}:empty (an empty value is $0, not nil)`, L);
    const redis = await ioredis((await cache()).port);
    const text = 'café ☕ 😀 naïve';
    await redis.set(`${key}:utf8`, text);
    const back = await redis.get(`${key}:utf8`);
    check(back === text, () => `ioredis: GET ${key}:utf8 after SET of "${text}": expected the same text, got ${JSON.stringify(back)}; a bulk length counts bytes, not characters (${L})`);
    const buffer = await redis.getBuffer(key);
    check(buffer?.equals(EVERY_BYTE), () => `ioredis: getBuffer(${key}): expected the ${EVERY_BYTE.length} bytes set, got ${buffer?.length ?? 'null'} bytes (${L})`);
  });

  it('serves a real ioredis client: connect, pipeline, SET with PX, INFO', async () => {
    const random = seeded('T1 ioredis');
    const redis = await ioredis((await cache()).port);
    const keys = Array.from({ length: 40 }, (_, i) => `t1:io:${i}:${random.string(ALNUM, 6)}`);
    const pipeline = redis.pipeline();
    keys.forEach((k, i) => pipeline.set(k, `v${i}`, 'PX', 60_000));
    keys.forEach((k) => pipeline.get(k));
    const results = (await pipeline.exec()) ?? [];
    check(results.length === 80, () => `ioredis pipeline of 80 commands: expected 80 results, got ${results.length} (${L})`);
    results.forEach(([error, value], i) => {
      const expected = i < 40 ? 'OK' : `v${i - 40}`;
      check(!error && value === expected, () => `ioredis pipeline, command ${i + 1} (${i < 40 ? 'SET ... PX 60000' : 'GET'} ${keys[i % 40]}): expected ${expected}, got ${error ? `error ${error.message}` : JSON.stringify(value)} (${L})`);
    });
    const text = await redis.info();
    check(/^used_memory:\d+\r?$/m.test(text), () => `ioredis INFO: expected a line "used_memory:<bytes>", got ${JSON.stringify(text.slice(0, 200))} (${L})`);
  });

  it('answers an unknown command with an error and keeps the connection', async () => {
    const conn = await open();
    conn.write(Buffer.concat([frame('FLY', 'me', 'to'), frame('PING')]));
    const [unknown, pong] = await conn.read(2, 'FLY me to, then PING, in one write');
    check(unknown!.type === 'error' && unknown!.value.startsWith("ERR unknown command 'FLY'"), () => `FLY me to: expected -ERR unknown command 'FLY', ..., got ${show(unknown)} (${L})`);
    expectReply(pong!, { type: 'simple', value: 'PONG' }, 'PING after an unknown command', L);
  });

  it('skips empty arrays (*0, *-1) without a reply', async () => {
    const conn = await open();
    conn.write(Buffer.concat([Buffer.from('*0\r\n*-1\r\n'), frame('PING')]));
    const [reply] = await conn.read(1, '*0, *-1, then PING in one write');
    expectReply(reply!, { type: 'simple', value: 'PONG' }, 'the first reply after *0\\r\\n*-1\\r\\n then PING (empty arrays get no reply, as in Redis)', L);
  });

  const malformed: [string, string][] = [
    ['a non-numeric array length', '*abc\r\n'],
    ['a non-numeric bulk length', '*1\r\n$abc\r\n'],
    ['a bulk length of 999999999999 bytes', '*1\r\n$999999999999\r\n'],
    ['a bulk length just over 512 MiB', '*2\r\n$3\r\nGET\r\n$536870913\r\n'],
    ['a negative bulk length', '*1\r\n$-5\r\n'],
    ['an integer where a bulk string belongs', '*1\r\n:42\r\n'],
    ['a bulk string outside an array', '$4\r\nPING\r\n'],
    ['an array of 99999999999 elements', '*99999999999\r\n'],
  ];
  it('answers malformed frames with -ERR Protocol error, after the replies before them', async () => {
    for (const [what, bytes] of malformed) {
      const conn = await open(what);
      conn.write(Buffer.concat([frame('PING'), Buffer.from(bytes)]));
      const action = `PING then ${what} (${JSON.stringify(bytes)}) in one write`;
      const [pong, bad] = await conn.read(2, action);
      expectReply(pong!, { type: 'simple', value: 'PONG' }, `${action}: the PING before the bad frame`, L);
      check(bad!.type === 'error' && bad!.value.startsWith('ERR Protocol error'), () => `${action}: expected -ERR Protocol error: ..., got ${show(bad)} (${L})`);
      conn.close();
    }
    const after = await open('a new connection');
    expectReply(await after.command('PING'), { type: 'simple', value: 'PONG' }, 'PING on a new connection after the malformed frames', L);
  });

  it('serves 100 connections at once, and garbage on one does not disturb the others', async () => {
    const random = seeded('T1 many');
    const port = (await cache()).port;
    const conns = await Promise.all(Array.from({ length: 100 }, (_, i) => RespConnection.open(port, `connection ${i + 1}`)));
    const keys = conns.map((_, i) => `t1:many:${i}:${random.string(ALNUM, 6)}`);
    conns[0]!.write('*1\r\n$nope\r\n');
    conns.slice(1).forEach((conn, i) => conn.write(Buffer.concat([frame('SET', keys[i + 1]!, `value ${i + 1}`), frame('GET', keys[i + 1]!)])));
    await Promise.all(conns.slice(1).map(async (conn, i) => {
      const [set, get] = await conn.read(2, `connection ${i + 2} of 100: SET then GET`);
      expectReply(set!, ok, `connection ${i + 2} of 100: SET`, L);
      expectReply(get!, bulkOf(`value ${i + 1}`), `connection ${i + 2} of 100: GET`, L);
    }));
  });
});
