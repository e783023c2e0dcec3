import {
  check,
  checkMonotonicReads,
  checkReadYourWrites,
  completionFromResponse,
  describeTask,
  excerpt,
  expectHistoryValid,
  History,
  pollUntil,
  seeded,
  shared,
} from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { type FakeNode, formatCounts, read, routerHasSeen, send, startNodes, startRouter } from './router-support.ts';

const LESSON = 'README.md, section "T5 · Read-your-writes and monotonic reads"';
const TOKEN = 'x-chirp-min-position';
/** Long enough that "it waited for the follower" cannot be mistaken for luck on a loaded machine. */
const LONG_WAIT_MS = 5000;

describeTask('T5', () => {
  // A leader at 100 and followers at 90, 95 and 100; the lag bound is wide, so only tokens matter.
  const cluster = shared(async () => {
    const { leader, followers } = await startNodes(100, [90, 95, 100], 's');
    const env = { MAX_LAG_ENTRIES: '1000' };
    const [patient, hasty] = await Promise.all([
      startRouter(leader, followers, { ...env, READ_WAIT_MS: String(LONG_WAIT_MS) }),
      startRouter(leader, followers, { ...env, READ_WAIT_MS: '400' }),
    ]);
    return { leader, followers, patient, hasty, all: [leader, ...followers] };
  });

  async function settled() {
    const state = await cluster();
    const [f1, f2, f3] = state.followers;
    await Promise.all([state.leader.at(100), f1!.at(90), f2!.at(95), f3!.at(100)]);
    const since = Date.now();
    // Two routers check the same fakes: four checks since the change, about two each.
    await pollUntil(() => routerHasSeen(state.all, since, 4), { what: 'the routers to check every /healthz twice (HEALTH_INTERVAL_MS=50)', timeoutMs: 5000 });
    return state;
  }

  it('a read carrying X-Chirp-Min-Position: P goes only to a follower known to be at or past P', async () => {
    const { followers, patient, all } = await settled();
    const random = seeded('T5 tokens');
    // 100 and 96 are always asked: "95" >= "100" as text, and 96 sits between two followers.
    const tokens = [100, 96, random.int(0, 90), random.int(91, 95), random.int(96, 100)];
    for (const token of tokens) {
      const counts: Record<string, number> = Object.fromEntries(all.map((n) => [n.id, 0]));
      for (let i = 0; i < 12; i++) {
        const answer = await read(patient, `/t5/token-${token}/${i}`, { [TOKEN]: String(token) });
        counts[answer.node!] = (counts[answer.node!] ?? 0) + 1;
        check(answer.position !== undefined && answer.position >= token, () => `GET with X-Chirp-Min-Position: ${token} was answered by ${answer.node} at position ${answer.position}: a read must never reach a node the router knows is below the client's token. Read: ${LESSON}`);
      }
      const eligible = followers.filter((f) => f.position >= token);
      check(counts.leader === 0, () => `with X-Chirp-Min-Position: ${token}, ${eligible.map((f) => `${f.id} (at ${f.position})`).join(' and ')} can serve it, so no read should go to the leader; 12 GETs went ${formatCounts(counts)}`);
      check(eligible.every((f) => counts[f.id]! >= 2), () => `with X-Chirp-Min-Position: ${token}, reads should still be spread over every follower at or past it (${eligible.map((f) => f.id).join(', ')}); 12 GETs went ${formatCounts(counts)}`);
    }
  });

  it('when no follower has reached the token, the read waits for one that catches up within READ_WAIT_MS', async () => {
    const { leader, followers, patient, all } = await settled();
    const late = followers[2]!;
    await leader.at(110);
    onTestFinished(() => leader.at(100));
    onTestFinished(() => late.at(100));
    const since = Date.now();
    const pending = read(patient, '/t5/wait', { [TOKEN]: '105' }, LONG_WAIT_MS + 5000);
    // Let the router check every node twice while the read waits, then let one follower catch up.
    await pollUntil(() => routerHasSeen(all, since, 4), { what: 'the routers to check every /healthz twice', timeoutMs: 5000 });
    await late.at(105);
    const answer = await pending;
    check(answer.node === late.id && answer.position === 105, () => `a read with X-Chirp-Min-Position: 105 while every follower was below it: ${late.id} reached 105 a moment later (READ_WAIT_MS=${LONG_WAIT_MS}), so the router should have waited and sent it there; it was answered by ${answer.node} at ${answer.position}. Read: ${LESSON}`);
    check((await leader.count('/t5/wait')) === 0, 'the waiting read must not also be sent to the leader');
  });

  it('when no follower reaches the token within READ_WAIT_MS, the leader answers', async () => {
    const { leader, hasty } = await settled();
    await leader.at(150);
    onTestFinished(() => leader.at(100));
    const started = Date.now();
    const answer = await read(hasty, '/t5/fallback', { [TOKEN]: '150' }, 10_000);
    const took = Date.now() - started;
    check(answer.node === 'leader', () => `a read with X-Chirp-Min-Position: 150 that no follower reaches must go to the leader after READ_WAIT_MS=400; it was answered by ${answer.node} at ${answer.position}`);
    check(took < 4000, () => `the fallback to the leader took ${took} ms; with READ_WAIT_MS=400 it must come after about 400 ms, not wait on and on. Read: ${LESSON}`);
  });

  it('a malformed token (-1, abc, 1e99, repeated, huge) is refused with 400 JSON and reaches no node', async () => {
    const { hasty, all } = await settled();
    const bad: [string, string | string[]][] = [
      ['negative', '-1'],
      ['a word', 'abc'],
      ['an exponent', '1e99'],
      ['digits then text', '12abc'],
      ['a fraction', '95.5'],
      ['hexadecimal', '0x10'],
      ['a repeated header', ['95', '100']],
      ['a list', '95, 100'],
      ['20 digits', '99999999999999999999'],
      ['4000 digits', '9'.repeat(4000)],
      ['quotes', '"95"'],
    ];
    for (const [what, value] of bad) {
      const answer = await send(hasty, `/t5/bad/${what.replaceAll(' ', '-')}`, { headers: { [TOKEN]: value } });
      let error: unknown;
      try {
        error = (JSON.parse(answer.body) as { error?: unknown }).error;
      } catch {
        error = undefined;
      }
      check(answer.status === 400 && typeof error === 'string', () => `GET with X-Chirp-Min-Position ${what} (${excerpt(JSON.stringify(value), 40)}): expected 400 with a JSON {"error": ...}, got ${answer.status} ${excerpt(answer.body)}. A token the router cannot compare must not be guessed at. Read: ${LESSON}`);
    }
    const reached = await Promise.all(all.map((n) => n.count('/t5/bad')));
    check(reached.every((n) => n === 0), `a refused read must reach no node; the nodes recorded ${reached.join(', ')}`);
    const ok = await read(hasty, '/t5/zero-padded', { [TOKEN]: '00095' });
    check(ok.position! >= 95, `X-Chirp-Min-Position: 00095 is the number 95; it was answered at ${ok.position}`);
  });

  it('clients that send back the highest position they saw never read their writes missing or positions going backwards', async () => {
    // Fresh nodes: a "replication" driver moves the leader ahead and the followers after it,
    // each by its own seeded lag, while four clients write and read through the router.
    const { leader, followers } = await startNodes(1, [1, 1, 1], 'm');
    const router = await startRouter(leader, followers, { MAX_LAG_ENTRIES: '1000', READ_WAIT_MS: '1500' });
    const nodes = [leader, ...followers];
    // One generator per actor: the driver and the clients interleave differently on every run,
    // but each one's own choices replay with --seed.
    const driverRandom = seeded('T5 sessions driver');
    const history = new History();
    const writtenAt = new Map<string, number>();
    let running = true;

    const drive = async () => {
      while (running) {
        await leader.at(leader.position + driverRandom.int(1, 3));
        await Promise.all(followers.map((f, i) => {
          // Follower i trails by up to 10 * (i + 1) entries, and sometimes does not move at all.
          const target = Math.max(f.position, leader.position - driverRandom.int(0, 10 * (i + 1)));
          return driverRandom.int(0, 3) === 0 ? Promise.resolve() : f.at(target);
        }));
        await new Promise((resolve) => setTimeout(resolve, 20)); // the pace of replication, not a wait for the router
      }
    };

    const client = async (name: string, ops: number) => {
      const random = seeded(`T5 sessions ${name}`);
      let token: number | undefined;
      for (let i = 0; i < ops; i++) {
        if (random.int(0, 9) < 3) {
          const value = `${name}-${i}`;
          await history.run(name, { op: 'write', value }, async () => {
            const answer = await send(router, '/api/chirps', { method: 'POST', body: { text: value } });
            const completion = completionFromResponse(answer, undefined);
            if (completion.position !== undefined) {
              writtenAt.set(value, completion.position);
              token = Math.max(token ?? 0, completion.position);
            }
            return completion;
          });
        } else {
          const headers = token === undefined ? {} : { [TOKEN]: String(token) };
          await history.run(name, { op: 'read', position: token }, async () => {
            const answer = await send(router, `/api/chirps?client=${name}&op=${i}`, { headers, timeoutMs: 8000 });
            // What a node at this position holds: every write whose position is at or below it.
            const seen = [...writtenAt].filter(([, at]) => answer.position !== undefined && at <= answer.position).map(([value]) => value);
            const completion = completionFromResponse(answer, seen);
            if (completion.position !== undefined) token = Math.max(token ?? 0, completion.position);
            return completion;
          });
        }
      }
    };

    const driver = drive();
    try {
      await Promise.all(['c1', 'c2', 'c3', 'c4'].map((name) => client(name, 24)));
    } finally {
      running = false;
      await driver;
    }
    const readsByFollowers = history.events.filter((e) => e.type === 'ok' && e.op === 'read' && e.node !== 'leader').length;
    expectHistoryValid(
      history,
      { 'read-your-writes': checkReadYourWrites(history), 'monotonic reads': checkMonotonicReads(history) },
      { name: 'T5 sessions through the router', nodes: nodes.map((n: FakeNode) => n.id), lesson: LESSON },
    );
    check(readsByFollowers > 0, 'the followers served none of the reads: a router that sends every read to the leader is consistent, but it is not a read/write router');
  });
});
