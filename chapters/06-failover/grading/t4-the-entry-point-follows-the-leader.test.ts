import { check, describeTask, excerpt, FakeBackend, type LearnerApp, pollUntil, seeded } from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { follow, health, promote, startFollower, startLeader } from './node-support.ts';
import { describeSent, isRouterError, post, type Sent, send, startRouter, T4_LESSON, textsOn, waitForView } from './router-support.ts';

const LESSON = T4_LESSON;

/** The control API must say yes: the grader plays the monitor here. */
async function mustPromote(node: LearnerApp, epoch: number): Promise<void> {
  const res = await promote(node, epoch);
  check(res.status === 200, () => `setting up: POST /replication/promote {"epoch": ${epoch}} on ${node.instanceId} answered ${res.status} ${excerpt(res.text)} (provided code and your fence, T3)`);
}

async function mustFollow(node: LearnerApp, leader: LearnerApp, epoch: number): Promise<void> {
  const res = await follow(node, leader.url, epoch);
  check(res.status === 200, () => `setting up: POST /replication/follow {"leader": ${leader.instanceId}, "epoch": ${epoch}} on ${node.instanceId} answered ${res.status} ${excerpt(res.text)} (provided code and your fence, T3)`);
}

async function kill(node: LearnerApp): Promise<void> {
  node.component.signal('SIGKILL');
  await node.component.waitForExit(5000);
}

/** A write through the router that must be acknowledged by `node` in `epoch`. */
async function expectAckBy(sent: Sent, node: LearnerApp, epoch: number, action: string, why: string): Promise<void> {
  check(sent.status === 201 && sent.node === node.instanceId && sent.epoch === String(epoch), () => `${action}: expected 201 from ${node.instanceId} in epoch ${epoch}, got ${describeSent(sent)}. ${why} Read: ${LESSON}`);
}

describeTask('T4', () => {
  it('forwards reads and writes to the leader (listed second in NODES) and stamps every write with the leader\'s epoch', async () => {
    const a = await startLeader({ id: 't4-fwd-a' });
    const b = await startFollower(a.url, { id: 't4-fwd-b' });
    const router = await startRouter([b, a], { MAX_BODY_BYTES: '1024' });
    await waitForView(router, a, 1, 'the router to find the leader (NODES lists the follower first)', 10_000);
    const random = seeded('T4 forwarding');
    const author = `fwd_${random.int(0, 1e6)}`;

    // The router, not the client, names the epoch: whatever the client sent is replaced.
    const hostile: [string, string | string[] | undefined][] = [
      ['no X-Chirp-Epoch', undefined],
      ['X-Chirp-Epoch: abc', 'abc'],
      ['X-Chirp-Epoch: 1; x', '1; x'],
      ['X-Chirp-Epoch: 99999999999999999999', '99999999999999999999'],
      ['X-Chirp-Epoch sent twice (1 and 1)', ['1', '1']],
      ['X-Chirp-Epoch: 0', '0'],
    ];
    const written: string[] = [];
    for (const [label, value] of hostile) {
      const text = `chirp ${random.int(0, 1e9)} with ${label}`;
      const sent = await post(router, author, text, value === undefined ? {} : { 'x-chirp-epoch': value });
      await expectAckBy(sent, a, 1, `POST /api/chirps through the router with ${label}`, 'The router sets X-Chirp-Epoch on every write to the epoch of the leader it sends it to, replacing the client\'s value (the node refuses a missing or malformed one with 400).');
      written.push(text);
    }
    const onA = await textsOn(a, author);
    check(written.every((t) => onA.filter((x) => x === t).length === 1), `each write must reach the leader exactly once; the leader holds ${onA.length} of the ${written.length} chirps`);

    // Reads go to the leader too, and every answer passes through as the node gave it.
    const list = await send(router, `/api/chirps?author=${author}&limit=100`);
    check(list.status === 200 && list.node === a.instanceId, () => `GET /api/chirps through the router: expected 200 from the leader ${a.instanceId}, got ${describeSent(list)}. Every request goes to the leader. Read: ${LESSON}`);
    check(written.every((t) => list.body.includes(JSON.stringify(t).slice(1, -1))), () => `GET /api/chirps through the router must list the ${written.length} chirps just written, got ${excerpt(list.body)}`);
    const missing = await send(router, '/api/chirps/987654321');
    check(missing.status === 404 && missing.node === a.instanceId && missing.body.includes('987654321'), () => `GET /api/chirps/987654321 through the router: the leader's 404 must pass through unchanged, got ${describeSent(missing)}`);

    // Too large: refused by the router itself, before any node sees it.
    const big = await send(router, '/api/chirps', { method: 'POST', body: { author, text: 'x'.repeat(3000) } });
    check(isRouterError(big, [413]), () => `a 3 KB POST through a router with MAX_BODY_BYTES=1024: expected 413 with a JSON body {"error": "..."}, got ${describeSent(big)}`);

    // What exactly arrives at a node: one value, the leader's epoch, on every kind of write.
    const fake = await FakeBackend.start('t4-fake-leader');
    await fake.behave({ headers: { 'x-chirp-node': 't4-fake-leader', 'x-chirp-epoch': '5' } });
    await fake.behave({ path: '/healthz', body: { status: 'ok', role: 'leader', epoch: 5, position: 3 } });
    const fakeRouter = await startRouter([fake]);
    await waitForView(fakeRouter, fake, 5, 'the router to take a scripted node whose /healthz says role "leader", epoch 5, as the leader');
    const stamps: [string, string | string[] | undefined][] = [['POST', '2'], ['DELETE', ['5', '6']], ['PUT', 'abc'], ['PATCH', undefined]];
    for (const [method, value] of stamps) {
      const sent = await send(fakeRouter, `/t4/stamp/${method}`, { method, headers: value === undefined ? {} : { 'x-chirp-epoch': value }, body: method === 'DELETE' ? undefined : { x: 1 } });
      check(sent.status === 200, () => `${method} /t4/stamp through the router: expected the node's 200, got ${describeSent(sent)}`);
      const seen = (await fake.requests()).filter((r) => r.url === `/t4/stamp/${method}`).map((r) => r.headers['x-chirp-epoch']);
      check(seen.length === 1 && seen[0] === '5', () => `a ${method} sent with X-Chirp-Epoch ${JSON.stringify(value ?? null)} must reach the leader of epoch 5 once, with X-Chirp-Epoch: 5; it arrived ${seen.length} time(s) with ${JSON.stringify(seen)}. Read: ${LESSON}`);
    }
  });

  it('follows a promotion: writes succeed again within a bounded window, then never fail, all at the new leader', async () => {
    const a = await startLeader({ id: 't4-fo-a' });
    const b = await startFollower(a.url, { id: 't4-fo-b' });
    const c = await startFollower(a.url, { id: 't4-fo-c' });
    const router = await startRouter([a, b, c], { REQUEST_TIMEOUT_MS: '3000' });
    await waitForView(router, a, 1, 'the router to find the leader', 10_000);

    // Two clients write through the router all along; a failed write is retried after 25 ms
    // (a client's back-off), an acknowledged one is followed at once by the next.
    const log: (Sent & { client: number })[] = [];
    let running = true;
    const client = async (id: number) => {
      const random = seeded(`T4 failover client ${id}`);
      for (let i = 0; running; i++) {
        const sent = await post(router, `fo_${id}`, `client ${id} write ${i} ${random.int(0, 1e9)}`, {}, 8000);
        log.push({ ...sent, client: id });
        if (sent.status !== 201) await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const clients = [client(1), client(2)];
    try {
      await pollUntil(() => log.filter((s) => s.status === 201).length >= 10, { what: 'the first 10 writes through the router to be acknowledged', timeoutMs: 10_000 });
      await kill(a);
      await mustPromote(b, 2);
      const promotedAt = Date.now();
      await mustFollow(c, b, 2);
      const windowMs = 100 + 3000;
      const first = await pollUntil(() => log.find((s) => s.startedAt >= promotedAt && s.status === 201), { what: 'a write through the router to succeed after the promotion', timeoutMs: windowMs + 5000 }).catch(() => undefined);
      const after = log.filter((s) => s.startedAt >= promotedAt);
      check(first !== undefined && first.endedAt - promotedAt <= windowMs, () => {
        const tail = after.slice(-3).map(describeSent).join('; ');
        return `after ${b.instanceId} was promoted to epoch 2, writes through the router must succeed again within PROBE_INTERVAL_MS (100 ms) + 3 s; ${first ? `the first success came after ${first.endedAt - promotedAt} ms` : 'none did'} (last answers: ${tail || 'none'}). Read: ${LESSON}`;
      });
      // Keep writing for a while once the router has moved.
      await pollUntil(() => log.filter((s) => s.startedAt >= first!.endedAt).length >= 30 && Date.now() - first!.endedAt >= 1000, { what: '30 more writes through the router', timeoutMs: 15_000 });
      running = false;
      await Promise.all(clients);
      const later = log.filter((s) => s.startedAt >= first!.endedAt);
      const failed = later.filter((s) => s.status !== 201);
      check(failed.length === 0, () => `once a write had succeeded at the new leader, every later write must succeed too; ${failed.length} of ${later.length} failed, e.g. ${describeSent(failed[0]!)}. Read: ${LESSON}`);
      // Judged by when a write was sent: one sent before the kill may be acknowledged by the old
      // leader and reach the client only after the promotion, and that is no fault of the router.
      const acked = log.filter((s) => s.status === 201 && s.startedAt >= promotedAt);
      const elsewhere = acked.filter((s) => s.node !== b.instanceId || s.epoch !== '2');
      check(elsewhere.length === 0, () => `every write sent after the promotion and acknowledged must come from ${b.instanceId} in epoch 2; ${elsewhere.length} did not, e.g. ${describeSent(elsewhere[0]!)}`);
    } finally {
      running = false;
      await Promise.all(clients);
    }
  });

  it('never goes back to a former leader that still claims an older epoch, even when NODES lists it first', async () => {
    const a = await startLeader({ id: 't4-stale-a' });
    const b = await startFollower(a.url, { id: 't4-stale-b' });
    const router = await startRouter([a, b]);
    await waitForView(router, a, 1, 'the router to find the leader', 10_000);
    const random = seeded('T4 stale leader');
    const author = `stale_${random.int(0, 1e6)}`;
    await expectAckBy(await post(router, author, 'before the pause'), a, 1, 'a first POST through the router', 'The router forwards writes to the leader.');

    // a sleeps through the promotion of b: when it wakes, it still believes it leads epoch 1.
    a.component.signal('SIGSTOP');
    onTestFinished(() => a.component.signal('SIGCONT'));
    await mustPromote(b, 2);
    await waitForView(router, b, 2, `the router to find the new leader ${b.instanceId} while ${a.instanceId} is paused`);
    a.component.signal('SIGCONT');
    const woken = await health(a);
    check(woken.role === 'leader' && woken.epoch === 1, `setting up: the woken node should still say leader in epoch 1, its /healthz says ${JSON.stringify(woken)}`);
    const before = (await textsOn(a, author)).length;

    // Over 15 probe intervals, every write must go to b.
    const started = Date.now();
    for (let i = 0; Date.now() - started < 1500 || i < 10; i++) {
      const sent = await post(router, author, `after the pause ${i} ${random.int(0, 1e9)}`);
      await expectAckBy(sent, b, 2, `POST ${i + 1} through the router after ${a.instanceId} woke up claiming "leader, epoch 1"`, `${b.instanceId} leads epoch 2; a node claiming an older epoch than the highest the router has seen is a former leader, never the leader.`);
    }
    await waitForView(router, b, 2, 'the router to keep the leader of the highest epoch', 1000);
    const still = await health(a);
    check(still.role === 'leader' && still.epoch === 1 && (await textsOn(a, author)).length === before, `the former leader must not be sent a single write: its /healthz now says ${JSON.stringify(still)} and it holds ${(await textsOn(a, author)).length - before} new chirps of this test. Read: ${LESSON}`);
  });

  it('sends a write that certainly did not happen once more, at the new leader: a 307, a refused connection, a 409', async () => {
    const a = await startLeader({ id: 't4-retry-a' });
    const b = await startFollower(a.url, { id: 't4-retry-b' });
    const c = await startFollower(a.url, { id: 't4-retry-c' });
    // Probes only at start: the router's view goes stale on purpose, so only the request path can
    // notice. That one round must not fail for a slow first request of a cold process, hence 1 s.
    const router = await startRouter([a, b, c], { PROBE_INTERVAL_MS: '60000', PROBE_TIMEOUT_MS: '1000' });
    await waitForView(router, a, 1, 'the router to find the leader', 10_000);
    const random = seeded('T4 retries');
    const author = `retry_${random.int(0, 1e6)}`;

    const once = async (node: LearnerApp, epoch: number, story: string, why: string) => {
      const text = `${story} ${random.int(0, 1e9)}`;
      const sent = await post(router, author, text);
      await expectAckBy(sent, node, epoch, `POST /api/chirps through the router ${story}`, why);
      const copies = (await textsOn(node, author)).filter((t) => t === text).length;
      check(copies === 1, `the write ${story} must be stored once by ${node.instanceId}, it holds ${copies} copies`);
    };

    // 1. a is re-pointed: it answers writes with 307 towards b.
    await mustPromote(b, 2);
    await mustFollow(a, b, 2);
    await mustFollow(c, b, 2);
    await once(b, 2, `when the router still believes ${a.instanceId} leads, but it now answers 307 (a follower of ${b.instanceId})`, 'A 307 means the node refused the write without doing it: refresh the view (probe every node now) and send it once more to the new leader.');

    // 2. b is killed and c promoted: b's port refuses the connection.
    await kill(b);
    await mustPromote(c, 3);
    await mustFollow(a, c, 3);
    await once(c, 3, `when the router still believes ${b.instanceId} leads, but its port refuses connections`, 'A refused connection never reached the node: refresh and send the write once more to the new leader.');

    // 3. c moves to epoch 4 without the router seeing it: c refuses epoch 3 with 409.
    await mustPromote(c, 4);
    await once(c, 4, `when the router still believes ${c.instanceId} leads epoch 3, but it leads epoch 4 now (it answers 409)`, 'A 409 means the write was refused for its epoch: learn the newer epoch, refresh, and send it once more.');
  });

  it('never sends again a write whose outcome is unknown: a paused leader times out, the answer is 502 or 504', async () => {
    const a = await startLeader({ id: 't4-unknown-a' });
    const b = await startFollower(a.url, { id: 't4-unknown-b' });
    const router = await startRouter([a, b], { PROBE_INTERVAL_MS: '60000', PROBE_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '1000' });
    await waitForView(router, a, 1, 'the router to find the leader', 10_000);
    const random = seeded('T4 unknown outcome');
    const author = `unknown_${random.int(0, 1e6)}`;
    await expectAckBy(await post(router, author, 'before the pause'), a, 1, 'a first POST through the router', 'The router forwards writes to the leader.');

    a.component.signal('SIGSTOP');
    onTestFinished(() => a.component.signal('SIGCONT'));
    await mustPromote(b, 2);
    const text = `sent into the pause ${random.int(0, 1e9)}`;
    const sent = await post(router, author, text);
    const onB = await textsOn(b, author);
    check(sent.status !== 201 && !onB.includes(text), () => `a POST forwarded to a paused leader (the request was sent, no answer came within REQUEST_TIMEOUT_MS=1000) may have been applied: it must not be sent again elsewhere. Got ${describeSent(sent)}, and ${b.instanceId} ${onB.includes(text) ? 'holds' : 'does not hold'} the chirp. Read: ${LESSON}`);
    check(isRouterError(sent, [502, 504]), () => `a POST whose outcome is unknown (a timeout after sending) must be answered 504 (or 502) with a JSON body {"error": "..."}, got ${describeSent(sent)}. Read: ${LESSON}`);
    a.component.signal('SIGCONT');
  });

  it('answers 503 at once while no node leads, and uses the next leader as soon as there is one', async () => {
    const a = await startLeader({ id: 't4-none-a' });
    const b = await startFollower(a.url, { id: 't4-none-b' });
    const router = await startRouter([a, b]);
    await waitForView(router, a, 1, 'the router to find the leader', 10_000);
    const random = seeded('T4 no leader');
    const author = `none_${random.int(0, 1e6)}`;
    await expectAckBy(await post(router, author, 'while a leads'), a, 1, 'a first POST through the router', 'The router forwards writes to the leader.');

    // No leader at all: a is gone, b follows a dead node. REQUEST_TIMEOUT_MS is 5 s: no request may wait for it.
    await kill(a);
    const quick = async (label: string, sending: Promise<Sent>) => {
      const sent = await sending;
      const ms = sent.endedAt - sent.startedAt;
      check(isRouterError(sent, [503]) && ms <= 1500, () => `${label} while no node leads: expected 503 with a JSON body {"error": "..."} at once, got ${describeSent(sent)} after ${ms} ms. With no leader known, answer 503 without waiting. Read: ${LESSON}`);
    };
    await quick('a POST right after the leader was killed (its port refuses)', post(router, author, 'into the void'));
    await waitForView(router, null, null, 'the router to know no leader once the leader is gone (its probes are refused)', 5000);
    for (let i = 0; i < 4; i++) {
      await quick(`POST ${i + 1}`, post(router, author, `no leader ${i}`));
      await quick(`GET ${i + 1}`, send(router, '/api/chirps'));
    }

    await mustPromote(b, 2);
    const sent = await pollUntil(
      async () => {
        const s = await post(router, author, `after the promotion ${random.int(0, 1e9)}`);
        return s.status === 201 && s;
      },
      { what: `a POST through the router to succeed after ${b.instanceId} was promoted to epoch 2 (PROBE_INTERVAL_MS=100)`, timeoutMs: 3000, intervalMs: 50 },
    );
    await expectAckBy(sent, b, 2, 'the first successful POST after the promotion', 'The new leader is the one to write to.');
  });
});
