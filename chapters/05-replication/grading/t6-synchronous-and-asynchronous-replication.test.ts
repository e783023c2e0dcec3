import { check, checkConvergence, checkSet, type CheckResult, completionFromResponse, describeTask, excerpt, expectHistoryValid, FaultProxy, generateWorkload, History, type LearnerApp, operations, pollUntil, request, runWorkload, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { allChirps, checksum, createChirp, expectConverged, startFollower, startLeader } from './node-support.ts';

const LESSON = 'README.md, "T6 · Synchronous and asynchronous replication"';
const TIMEOUT_MS = 1000;

/** Writes `value` as a chirp's text on the leader and records the answer. */
const writeOn = (leader: LearnerApp, author: string) => async (op: { value?: string }) => {
  const res = await request(`${leader.url}/api/chirps`, { method: 'POST', body: { author, text: op.value }, timeoutMs: TIMEOUT_MS + 6000 });
  return completionFromResponse(res);
};

/** One final read per node: the texts of every chirp by `author`. */
async function finalReads(history: History, nodes: Record<string, LearnerApp>, author: string): Promise<void> {
  for (const [name, node] of Object.entries(nodes)) {
    await history.run('final', { op: 'final-read' }, async () => {
      const chirps = [...(await allChirps(node)).values()].filter((c) => c.author === author);
      return { value: chirps.map((c) => c.text), node: name };
    });
  }
}

/** CP: between the partition and the heal, no write may be acknowledged (no follower could have applied it). */
function noAckDuringPartition(history: History): CheckResult {
  const partition = history.events.find((e) => e.type === 'nemesis' && e.kind === 'partition');
  const heal = history.events.find((e) => e.type === 'nemesis' && e.kind === 'heal');
  const problems: string[] = [];
  let acknowledged = 0;
  for (const op of operations(history)) {
    if (op.op !== 'write' || !partition || !heal) continue;
    if (op.outcome === 'ok' && op.invokeTime > partition.time && op.completeTime !== undefined && op.completeTime < heal.time) {
      acknowledged++;
      problems.push(`op #${op.id} (${String(op.value)}) was acknowledged with 201 during the partition, when no follower could have applied it: SYNC_REPLICAS=1 must wait, then answer 503`);
    }
  }
  return { valid: problems.length === 0, problems, counts: { acknowledged } };
}

describeTask('T6', () => {
  const sync = shared(async () => {
    const leader = await startLeader({ id: 't6-sync', env: { SYNC_REPLICAS: '1', SYNC_TIMEOUT_MS: String(TIMEOUT_MS) } });
    const proxy = await FaultProxy.start({ target: leader.url, name: 't6-link' });
    const follower = await startFollower(proxy.url, { id: 't6-sync-follower' });
    return { leader, proxy, follower };
  });

  it('SYNC_REPLICAS=1: a write is answered only after the follower applied it', async () => {
    const { leader, follower } = await sync();
    await createChirp(leader, 't6_wait', 'first: the follower connects');
    for (let i = 0; i < 10; i++) {
      const { position } = await createChirp(leader, 't6_wait', `sync ${i}`);
      const seen = await checksum(follower);
      check(seen.position >= position, `SYNC_REPLICAS=1: the leader answered write ${position} with 201 while its only follower was at position ${seen.position}. Acknowledge a write only after a follower fetched from a position past it (from > seq). Read: ${LESSON}`);
    }
  });

  it('SYNC_REPLICAS=1 under a partition: writes answer 503 within SYNC_TIMEOUT_MS (CP), and the follower converges after the heal', async () => {
    const { leader, proxy, follower } = await sync();
    await expectConverged(leader, [follower], 'the follower to catch up before the partition');
    const history = new History();
    const plan = generateWorkload(seeded('T6 CP'), { mix: { write: 1 }, count: 40, processes: 2, valuePrefix: 'cp' });
    const done = () => history.events.filter((e) => e.type !== 'invoke' && e.type !== 'nemesis').length;
    await Promise.all([
      runWorkload(plan, { history, execute: writeOn(leader, 't6_cp'), timeLimitMs: 5000 }),
      (async () => {
        await pollUntil(() => done() >= 6, { what: '6 writes before the partition', timeoutMs: 10_000 });
        await proxy.drop('both');
        history.nemesis('partition', { node: 't6-sync-follower', detail: 'leader <-> follower, both directions' });
        const at = done();
        await pollUntil(() => done() >= at + 4, { what: '4 writes during the partition', timeoutMs: 15_000 });
        await proxy.heal();
        history.nemesis('heal', { node: 't6-sync-follower' });
      })(),
    ]);
    await expectConverged(leader, [follower], 'the follower to converge after the heal (503 writes included: they are in the leader\'s log)', { timeoutMs: 20_000 });
    await finalReads(history, { leader, follower }, 't6_cp');
    const [a, b] = await Promise.all([checksum(leader), checksum(follower)]);
    const slow = operations(history).filter((op) => op.op === 'write' && op.outcome !== 'ok' && op.completeTime !== undefined && op.completeTime - op.invokeTime > TIMEOUT_MS + 4000);
    const unavailable = operations(history).filter((op) => op.op === 'write' && op.outcome === 'info').length;
    expectHistoryValid(
      history,
      {
        'no write acknowledged during the partition (CP)': noAckDuringPartition(history),
        'a refused write answers within SYNC_TIMEOUT_MS': { valid: slow.length === 0 && unavailable > 0, problems: unavailable === 0 ? ['no write was refused during the partition: expected 503 after SYNC_TIMEOUT_MS'] : slow.map((op) => `op #${op.id} took ${Math.round(op.completeTime! - op.invokeTime)} ms; SYNC_TIMEOUT_MS is ${TIMEOUT_MS}`), counts: { unavailable } },
        'acknowledged writes survive': checkSet(history, { nodes: ['leader', 'follower'] }),
        'the follower converges': checkConvergence('leader', { leader: { checksum: a.sha256 }, follower: { checksum: b.sha256 } }),
      },
      { name: 'T6 synchronous replication under a partition', nodes: ['leader', 'follower'], lesson: LESSON },
    );
  });

  it('the 503 of a synchronous write is JSON and names the timeout', async () => {
    const { leader, proxy, follower } = await sync();
    await expectConverged(leader, [follower], 'the follower to catch up');
    await proxy.drop('both');
    try {
      const started = Date.now();
      const res = await request(`${leader.url}/api/chirps`, { method: 'POST', body: { author: 't6_503', text: 'unknown outcome' }, timeoutMs: TIMEOUT_MS + 8000 });
      const took = Date.now() - started;
      check(res.status === 503, `SYNC_REPLICAS=1 with the only follower partitioned: expected 503 after SYNC_TIMEOUT_MS=${TIMEOUT_MS}, got ${res.status} after ${took} ms ${excerpt(res.text)}`);
      check(took >= TIMEOUT_MS * 0.8 && took <= TIMEOUT_MS + 4000, `the 503 came after ${took} ms: expected about SYNC_TIMEOUT_MS=${TIMEOUT_MS} ms`);
      let body: { error?: unknown } = {};
      try {
        body = JSON.parse(res.text);
      } catch {
        // reported below
      }
      check(typeof body.error === 'string', `the 503: expected a JSON body {"error": "..."}, got ${excerpt(res.text)}`);
    } finally {
      await proxy.heal();
    }
    await expectConverged(leader, [follower], 'the follower to receive the write that answered 503', { timeoutMs: 20_000 });
  });

  it('SYNC_REPLICAS=2 counts distinct followers: one follower is not enough', async () => {
    const leader = await startLeader({ id: 't6-two', env: { SYNC_REPLICAS: '2', SYNC_TIMEOUT_MS: String(TIMEOUT_MS) } });
    const one = await startFollower(leader.url, { id: 't6-one' });
    const res = await request(`${leader.url}/api/chirps`, { method: 'POST', body: { author: 't6_two', text: 'needs two' }, timeoutMs: TIMEOUT_MS + 8000 });
    check(res.status === 503, `SYNC_REPLICAS=2 with one follower: expected 503 (one follower, however often it fetches, is one copy), got ${res.status} ${excerpt(res.text)}`);
    const two = await startFollower(leader.url, { id: 't6-two-b' });
    await expectConverged(leader, [one, two], 'both followers to catch up');
    const ok = await request(`${leader.url}/api/chirps`, { method: 'POST', body: { author: 't6_two', text: 'two copies' }, timeoutMs: TIMEOUT_MS + 8000 });
    check(ok.status === 201, `SYNC_REPLICAS=2 with two followers connected: expected 201, got ${ok.status} ${excerpt(ok.text)}`);
    const position = Number(ok.headers['x-chirp-position']);
    const [p1, p2] = await Promise.all([checksum(one), checksum(two)]);
    check(p1.position >= position && p2.position >= position, `SYNC_REPLICAS=2 answered write ${position} while the followers were at ${p1.position} and ${p2.position}`);
  });

  it('SYNC_REPLICAS=0 under a partition: writes keep answering 201 (AP), and the follower converges after the heal', async () => {
    const leader = await startLeader({ id: 't6-async', env: { SYNC_REPLICAS: '0' } });
    const history = new History();
    const proxy = await FaultProxy.start({ target: leader.url, name: 't6-async-link', history });
    const follower = await startFollower(proxy.url, { id: 't6-async-follower' });
    const plan = generateWorkload(seeded('T6 AP'), { mix: { write: 1 }, count: 150, processes: 3, valuePrefix: 'ap' });
    const done = () => history.events.filter((e) => e.type === 'ok' || e.type === 'info' || e.type === 'fail').length;
    await Promise.all([
      runWorkload(plan, { history, execute: writeOn(leader, 't6_ap'), timeLimitMs: 8000 }),
      (async () => {
        await pollUntil(() => done() >= 30, { what: '30 writes before the partition', timeoutMs: 10_000 });
        await proxy.drop('both');
        const at = done();
        await pollUntil(() => done() >= at + 50, { what: '50 writes during the partition', timeoutMs: 10_000 });
        await proxy.heal();
      })(),
    ]);
    await expectConverged(leader, [follower], 'the follower to converge after the heal', { timeoutMs: 20_000 });
    await finalReads(history, { leader, follower }, 't6_ap');
    const [a, b] = await Promise.all([checksum(leader), checksum(follower)]);
    const refused = operations(history).filter((op) => op.op === 'write' && op.outcome !== 'ok');
    expectHistoryValid(
      history,
      {
        'every write acknowledged (AP)': { valid: refused.length === 0, problems: refused.slice(0, 3).map((op) => `op #${op.id} (${String(op.value)}) was not acknowledged (${op.outcome}): SYNC_REPLICAS=0 answers at once, partition or not`), counts: { refused: refused.length } },
        'acknowledged writes survive': checkSet(history, { nodes: ['leader', 'follower'] }),
        'the follower converges': checkConvergence('leader', { leader: { checksum: a.sha256 }, follower: { checksum: b.sha256 } }),
      },
      { name: 'T6 asynchronous replication under a partition', nodes: ['leader', 'follower'], lesson: LESSON },
    );
  });
});
