import http from 'node:http';
import { allocatePort, check, describeTask, excerpt, FaultProxy, pollUntil, request, seeded, shared, startLearnerApp } from '@scaling-lab/grader/harness';
import { afterAll, it } from 'vitest';
import { allChirps, checksum, createChirp, deleteChirp, type Entry, expectConverged, health, startFollower, startLeader, writeLoad } from './node-support.ts';

const LESSON = 'README.md, "T2 · Followers that apply the log"';

/** A scripted leader inside the test: answers GET /replication/log with what `answer` returns, and records every request. */
class ScriptedLeader {
  readonly requests: URLSearchParams[] = [];
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(answer: (from: number, count: number) => { status: number; body: string }): Promise<ScriptedLeader> {
    const port = await allocatePort();
    let leader: ScriptedLeader | undefined;
    const server = http.createServer((req, res) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      if (!req.url?.startsWith('/replication/log')) return void res.writeHead(404).end();
      leader!.requests.push(query);
      const from = Number(query.get('from'));
      const { status, body } = answer(from, leader!.requests.filter((q) => Number(q.get('from')) === from).length);
      // An empty answer waits a little, like a long poll that timed out.
      const delay = body.includes('"entries":[]') ? 200 : 0;
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(body), delay);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    leader = new ScriptedLeader(server, `http://127.0.0.1:${port}`);
    return leader;
  }

  froms(): number[] {
    return this.requests.map((q) => Number(q.get('from')));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const at = Date.UTC(2026, 10, 30);
const create = (seq: number, id: number): Entry => ({ seq, op: 'create', chirp: { id, author: 'scripted', text: `chirp ${id}`, createdAt: new Date(at + id).toISOString() }, at: at + seq });
const remove = (seq: number, id: number): Entry => ({ seq, op: 'delete', id, at: at + seq });
const answer = (entries: Entry[], position: number) => ({ status: 200, body: JSON.stringify({ entries, position }) });

describeTask('T2', () => {
  const pair = shared(async () => {
    const leader = await startLeader({ id: 't2-leader' });
    const follower = await startFollower(leader.url, { id: 't2-follower' });
    return { leader, follower };
  });
  const scripted: ScriptedLeader[] = [];
  afterAll(async () => {
    await Promise.all(scripted.map((s) => s.close()));
  });

  it('a follower applies every write: same rows, same position, and /healthz says so', async () => {
    const { leader, follower } = await pair();
    const random = seeded('T2 copy');
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      if (ids.length > 3 && random.next() < 0.3) await deleteChirp(leader, ids.splice(random.int(0, ids.length - 1), 1)[0]!);
      else ids.push((await createChirp(leader, 't2_copy', `${i} ${random.string('abc "\'<>✓', 8)}`)).chirp.id);
    }
    const target = await expectConverged(leader, [follower], 'the follower to hold the leader\'s rows at the leader\'s position', { positions: true });
    const h = await health(follower);
    check(h.role === 'follower' && h.position === target.position && h.leader === leader.url, `GET /healthz on the follower: expected role "follower", position ${target.position}, leader "${leader.url}", got ${excerpt(JSON.stringify(h))}`);
    check(h.lag?.entries === 0 && typeof h.lag?.ms === 'number', `GET /healthz on a caught-up follower: expected "lag": {"entries": 0, "ms": <number>}, got ${JSON.stringify(h.lag)}. Read: ${LESSON}`);
    const one = await request(`${follower.url}/api/chirps/${ids.at(-1)}`);
    check(one.status === 200 && one.headers['x-chirp-node'] === 't2-follower', `GET /api/chirps/${ids.at(-1)} on the follower: expected 200 from the follower itself, got ${one.status} from ${one.headers['x-chirp-node']}`);
  });

  it('SIGKILL a follower mid-stream and restart it: it resumes and applies no entry twice', async () => {
    const { leader } = await pair();
    const random = seeded('T2 kill');
    let follower = await startFollower(leader.url, { id: 't2-killed' });
    const load = writeLoad(leader, random, 4, 't2_kill');
    try {
      for (let round = 1; round <= 3; round++) {
        const seen = (await checksum(follower)).position;
        await pollUntil(async () => (await checksum(follower)).position >= seen + 20, { what: `the follower to apply 20 more entries (round ${round})`, timeoutMs: 15_000 });
        follower.component.signal('SIGKILL');
        await follower.component.waitForExit(5000);
        follower = await startFollower(leader.url, { id: 't2-killed', dataDir: follower.dataDir, port: follower.port });
      }
    } finally {
      await load.stop();
    }
    await expectConverged(leader, [follower], 'the restarted follower to converge (same rows, same position as the leader)', { positions: true, timeoutMs: 20_000 });
    const [mine, theirs] = await Promise.all([allChirps(follower), allChirps(leader)]);
    check(mine.size === theirs.size, `after 3 SIGKILLs and restarts, the follower has ${mine.size} chirps, the leader ${theirs.size}`);
  });

  it('a follower paused with SIGSTOP catches up after SIGCONT', async () => {
    const { leader, follower } = await pair();
    follower.component.signal('SIGSTOP');
    try {
      for (let i = 0; i < 30; i++) await createChirp(leader, 't2_pause', `while paused ${i}`);
    } finally {
      follower.component.signal('SIGCONT');
    }
    await expectConverged(leader, [follower], 'the follower to catch up after SIGCONT', { positions: true });
  });

  it('a partitioned follower keeps trying and catches up once the partition heals', async () => {
    const leader = (await pair()).leader;
    const proxy = await FaultProxy.start({ target: leader.url, name: 't2-link' });
    const follower = await startFollower(proxy.url, { id: 't2-partitioned' });
    await expectConverged(leader, [follower], 'the follower behind the proxy to catch up', { positions: true });
    await proxy.drop('both');
    for (let i = 0; i < 20; i++) await createChirp(leader, 't2_partition', `during ${i}`);
    const during = Date.now();
    await pollUntil(() => Date.now() - during > 1500, { what: 'the partition to last 1.5 s', timeoutMs: 3000 });
    check(follower.component.running, `the follower exited during a partition from its leader: ${excerpt(follower.component.outputTail().text)}. The loop must retry, never die.`);
    await proxy.heal();
    // Connections that lost bytes during the partition carry a gap: cut them, as a real network's timeouts would.
    await proxy.reset();
    await expectConverged(leader, [follower], 'the follower to catch up after the partition healed', { positions: true, timeoutMs: 30_000 });
  });

  it('an entry at or below the position is skipped, and a gap stops the batch', async () => {
    const fake = await ScriptedLeader.start((from) => {
      if (from === 1) return answer([create(1, 1), create(2, 2), remove(3, 1)], 3);
      // A resent older batch (a retry), then entries past a gap: 5 is missing.
      if (from === 4) return answer([create(1, 1), create(2, 2), create(4, 4), create(6, 6)], 6);
      if (from === 5) return answer([create(5, 5), create(6, 6)], 6);
      return answer([], 6);
    });
    scripted.push(fake);
    const follower = await startFollower(fake.url, { id: 't2-scripted', env: { FETCH_WAIT_MS: '250' } });
    const state = await pollUntil(async () => {
      const sum = await checksum(follower);
      return sum.position === 6 && sum;
    }, { what: 'the follower of a scripted leader to reach position 6', timeoutMs: 10_000 }).catch(async () => {
      throw new Error(`a scripted leader sent entries 1-3, then a resent 1-2 with 4 and 6 (5 missing), then 5-6: expected position 6, the follower is at ${(await checksum(follower)).position}; it asked from ${fake.froms().join(', ')}. Read: ${LESSON}`);
    });
    const rows = [...(await allChirps(follower)).keys()].sort((a, b) => a - b);
    check(rows.join() === '2,4,5,6', `after entries create 1, create 2, delete 1, (resent create 1, create 2), create 4, [gap], create 5, create 6: expected chirps 2, 4, 5, 6 on the follower, got ${rows.join(', ')}. An entry at or below your position is already applied: skip it (applying "create 1" again resurrects a deleted chirp).`);
    check(state.rows === 4, `checksum rows: expected 4, got ${state.rows}`);
    const froms = fake.froms();
    check(froms.indexOf(5) > froms.indexOf(4) && froms.indexOf(4) >= 0, `the follower asked from ${froms.join(', ')}: after the batch with a gap (4, then 6 without 5) it must stop at 4 and ask from 5`);
    const query = fake.requests[0]!;
    check(query.get('follower') === 't2-scripted' && query.get('wait') === '250', `the follower's fetch: expected ?follower=t2-scripted&wait=250 (NODE_ID and FETCH_WAIT_MS), got ?${query.toString()}`);
  });

  it('a failing leader is retried with a back-off, not in a hot loop', async () => {
    let healthy = false;
    const fake = await ScriptedLeader.start((from, count) => {
      if (!healthy) return count % 2 === 0 ? { status: 500, body: '{"error":"boom"}' } : { status: 200, body: 'not json at all' };
      return from === 1 ? answer([create(1, 10)], 1) : answer([], 1);
    });
    scripted.push(fake);
    const follower = await startFollower(fake.url, { id: 't2-backoff' });
    const started = Date.now();
    await pollUntil(() => Date.now() - started > 2000, { what: '2 s of failing answers', timeoutMs: 4000 });
    const failures = fake.requests.length;
    check(follower.component.running, `the follower exited while its leader answered 500 and garbage: ${excerpt(follower.component.outputTail().text)}`);
    check(failures >= 2 && failures <= 60, `a leader answering only errors for 2 s: expected a few retries with a growing pause (2 to 60 requests), the follower sent ${failures}. Read: ${LESSON}`);
    healthy = true;
    await pollUntil(async () => (await checksum(follower)).rows === 1, { what: 'the follower to apply the entry once the leader recovers', timeoutMs: 10_000 });
  });

  it('a follower with a bad LEADER_URL exits with code 1 and names it', async () => {
    const app = await startLearnerApp({ name: 'your follower', noWait: true, env: { ROLE: 'follower', LEADER_URL: 'ftp://nowhere' } });
    const exit = await app.component.waitForExit(10_000);
    check(exit.code === 1 && /LEADER_URL/.test(app.component.outputTail().text), `ROLE=follower LEADER_URL=ftp://nowhere: expected exit code 1 and a message naming LEADER_URL, got ${exit.code} ${excerpt(app.component.outputTail().text)}`);
  });
});
