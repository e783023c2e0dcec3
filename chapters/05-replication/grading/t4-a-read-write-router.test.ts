import { allocatePort, check, describeTask, excerpt, pollUntil, seeded, shared } from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { type Answer, formatCounts, read, routerHasSeen, send, spread, startNodes, startRouter } from './router-support.ts';

const MAX_LAG = 10;
const LESSON = 'README.md, section "T4 · A read/write router"';

/** A router's own error: the status and a JSON body with an "error" string. */
function expectRouterError(answer: Answer, statuses: readonly number[], action: string): void {
  let error: unknown;
  try {
    error = (JSON.parse(answer.body) as { error?: unknown }).error;
  } catch {
    error = undefined;
  }
  check(statuses.includes(answer.status) && typeof error === 'string', `${action}: expected ${statuses.join(' or ')} with a JSON body {"error": "..."}, got ${answer.status} ${excerpt(answer.body)}`);
}

describeTask('T4', () => {
  // One leader, three followers within the lag bound, one router; every test leaves them so.
  const cluster = shared(async () => {
    const { leader, followers } = await startNodes(100, [100, 95, 98]);
    const router = await startRouter(leader, followers, { MAX_LAG_ENTRIES: String(MAX_LAG), READ_WAIT_MS: '500' });
    return { leader, followers, router, all: [leader, ...followers] };
  });

  /** The cluster once the router spreads reads over all three followers again. */
  async function settled() {
    const state = await cluster();
    await Promise.all([state.leader.at(100), state.followers[0]!.at(100), state.followers[1]!.at(95), state.followers[2]!.at(98)]);
    await pollUntil(async () => {
      const counts = await spread(state.router, '/t4/warm', 6, state.all);
      return state.followers.every((f) => counts[f.id]! > 0) && counts.leader === 0;
    }, { what: 'the router to send reads to all three followers (each answers /healthz with role "follower" within MAX_LAG_ENTRIES of the leader)', timeoutMs: 8000 });
    return state;
  }

  it('writes (POST, DELETE, PUT, PATCH, odd methods) reach only the leader, bodies intact, answers passed through', async () => {
    // Settled first: a write sent to a follower can only happen once the router uses followers.
    const { leader, followers, router } = await settled();
    const random = seeded('T4 writes');
    const text = `chirp "${random.int(0, 1e9)}" <é> \u2028`;
    const cases: { method: string; body?: unknown }[] = [
      { method: 'POST', body: { author: 'ada', text } },
      { method: 'DELETE' },
      { method: 'DELETE', body: 'why not' },
      { method: 'PUT', body: { text } },
      { method: 'PATCH', body: Buffer.from([0, 255, 1, 254, 10, 13]) },
      { method: 'PURGE' },
      { method: 'OPTIONS' },
    ];
    for (const [i, { method, body }] of cases.entries()) {
      const path = `/t4/write/${i}`;
      const answer = await send(router, path, { method, body });
      check(answer.status === 200 && answer.node === 'leader', () => `${method} ${path} through the router: expected the leader's answer (X-Chirp-Node: leader), got ${answer.status} from ${answer.node ?? 'no node'} ${excerpt(answer.body)}. Writes go to the leader: only GET and HEAD are reads. Read: ${LESSON}`);
      check(answer.position === 100, () => `${method} ${path}: the leader answered with X-Chirp-Position: 100; the router passed on ${answer.headers['x-chirp-position']}`);
      const sent = body === undefined ? '' : Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : JSON.stringify(body);
      const echoed = JSON.parse(answer.body) as { method: string; body: string };
      check(echoed.method === method && echoed.body === sent, () => `${method} ${path}: the leader received ${echoed.method} with body ${excerpt(JSON.stringify(echoed.body))}, expected ${method} with ${excerpt(JSON.stringify(sent))}`);
    }
    const onFollowers = await Promise.all(followers.map((f) => f.count('/t4/write')));
    check(onFollowers.every((n) => n === 0), `writes must never reach a follower, but the followers recorded ${onFollowers.join(', ')} of them`);
    check((await leader.count('/t4/write')) === cases.length, `each write must reach the leader exactly once (no retries of writes)`);
  });

  it('60 reads are spread evenly over the followers within MAX_LAG_ENTRIES, none to the leader, answers passed through', async () => {
    const { leader, followers, router, all } = await settled();
    await followers[1]!.fake.behave({ path: '/t4/spread/7', status: 404, body: { error: 'no chirp 7' }, headers: { 'x-chirp-node': followers[1]!.id, 'x-chirp-position': '95', 'x-custom': 'kept' } });
    onTestFinished(() => followers[1]!.fake.behave({ path: '/t4/spread/7' }));
    const counts: Record<string, number> = Object.fromEntries(all.map((n) => [n.id, 0]));
    for (let i = 0; i < 60; i++) {
      const answer = await send(router, `/t4/spread/${i}`);
      if (answer.node) counts[answer.node] = (counts[answer.node] ?? 0) + 1;
      const node = all.find((n) => n.id === answer.node);
      check(node !== undefined && (answer.status === 200 || answer.status === 404), () => `GET /t4/spread/${i}: expected a node's answer, got ${answer.status} ${excerpt(answer.body)}`);
      check(answer.position === node.position, () => `GET /t4/spread/${i}: ${node.id} answered with X-Chirp-Position: ${node.position}; the router passed on ${answer.headers['x-chirp-position']}`);
      if (answer.status === 404) check(answer.headers['x-custom'] === 'kept' && answer.body.includes('no chirp 7'), () => `a follower's 404 must pass through with its headers and body; got ${JSON.stringify(answer.headers)} ${excerpt(answer.body)}`);
    }
    check(counts.leader === 0 && (await leader.count('/t4/spread')) === 0, `with three followers within MAX_LAG_ENTRIES=${MAX_LAG}, reads must not go to the leader; 60 GETs went ${formatCounts(counts)}. Read: ${LESSON}`);
    check(followers.every((f) => counts[f.id]! >= 15 && counts[f.id]! <= 25), `60 GETs over three qualifying followers: expected about 20 each (round robin), got ${formatCounts(counts)}`);
  });

  it(`a follower MAX_LAG_ENTRIES behind still serves reads; MAX_LAG_ENTRIES + 1 behind it gets none until it catches up`, async () => {
    const { leader, followers, router, all } = await settled();
    const [, slow] = followers;
    // Exactly at the bound: still in.
    await leader.at(slow!.position + MAX_LAG);
    const since = Date.now();
    await pollUntil(() => routerHasSeen(all, since), { what: 'the router to check every /healthz twice', timeoutMs: 5000 });
    let counts = await spread(router, '/t4/atbound', 30, all);
    check(counts[slow!.id]! >= 5, `${slow!.id} is exactly MAX_LAG_ENTRIES=${MAX_LAG} behind the leader (${slow!.position} vs ${leader.position}) and must still get reads ("further behind than this" is skipped); 30 GETs went ${formatCounts(counts)}`);

    // One more entry on the leader: now it is too far behind.
    await leader.at(slow!.position + MAX_LAG + 1);
    await pollUntil(async () => (await spread(router, '/t4/lagging-soon', 6, all))[slow!.id] === 0, {
      what: `${slow!.id} to stop getting reads once it is ${MAX_LAG + 1} entries behind the leader (leader ${slow!.position + MAX_LAG + 1}, ${slow!.id} ${slow!.position}, MAX_LAG_ENTRIES=${MAX_LAG}, HEALTH_INTERVAL_MS=50)`,
      timeoutMs: 3000,
    });
    counts = await spread(router, '/t4/lagging', 30, all);
    check(counts[slow!.id] === 0 && counts.leader === 0, `while ${slow!.id} lags beyond the bound, reads go to the other followers only; 30 GETs went ${formatCounts(counts)}. Read: ${LESSON}`);

    // It catches up: back in.
    await slow!.at(leader.position - 1);
    await pollUntil(async () => (await spread(router, '/t4/caught-up', 6, all))[slow!.id]! > 0, { what: `${slow!.id} to get reads again after catching up to 1 entry behind the leader`, timeoutMs: 3000 });
  });

  it('a follower whose /healthz is garbage, says it is the leader, or answers 503 gets no reads; the router keeps working', async () => {
    const { followers, router, all } = await settled();
    const [a, b, c] = followers;
    onTestFinished(() => Promise.all([a!.at(100), b!.at(95), c!.at(98)]).then(() => undefined));
    await a!.healthz('{"status":"ok","role":"follower","position":');
    await b!.healthz({ status: 'ok', instance: b!.id, role: 'leader', position: 95 });
    await c!.healthz({ status: 'ok', role: 'follower', position: '98' });
    await pollUntil(async () => (await spread(router, '/t4/garbage-soon', 6, all)).leader === 6, { what: 'every read to go to the leader once no follower answers /healthz with a valid body (truncated JSON, role "leader", position as a string)', timeoutMs: 3000 });
    const counts = await spread(router, '/t4/garbage', 12, all);
    check(counts.leader === 12, `no follower has a valid /healthz, so all 12 reads must go to the leader; they went ${formatCounts(counts)}`);
    await c!.at(98);
    await c!.healthz({ status: 'ok', role: 'follower', position: 98 }, 503);
    const since = Date.now();
    await pollUntil(() => c!.checkedSince(since), { what: 'the router to check /healthz', timeoutMs: 3000 });
    check((await spread(router, '/t4/unhealthy', 6, all))[c!.id] === 0, `${c!.id} answers /healthz with 503: it must get no reads`);
  });

  it('a read that fails on a follower (connection reset) is tried again on the leader', async () => {
    const { leader, followers, router } = await settled();
    await Promise.all(followers.map((f) => f.fake.behave({ path: '/t4/reset', reset: true })));
    onTestFinished(() => Promise.all(followers.map((f) => f.fake.behave({ path: '/t4/reset' }))).then(() => undefined));
    for (let i = 0; i < 6; i++) {
      const answer = await read(router, `/t4/reset/${i}`).catch((error: Error) => {
        throw new Error(`${error.message}. The follower reset the connection; a GET is safe to repeat, so the router must try it once more on the leader. Read: ${LESSON}`);
      });
      check(answer.node === 'leader', `GET /t4/reset/${i}: the followers reset it, so the leader must answer; got ${answer.node}`);
    }
    check((await leader.count('/t4/reset')) === 6, 'each reset read must reach the leader once');
  });

  it('all followers dead, paused or lagging: reads go to the leader, and no GET fails', async () => {
    const { leader, followers } = await startNodes(50, [50, 50, 50], 'd');
    const router = await startRouter(leader, followers, { MAX_LAG_ENTRIES: '5', REQUEST_TIMEOUT_MS: '1500' });
    const all = [leader, ...followers];
    await pollUntil(async () => followers.every((f) => f.position === 50) && (await spread(router, '/t4/d/warm', 6, all)).leader === 0, { what: 'reads to go to the followers', timeoutMs: 8000 });
    // Which follower suffers which fault is drawn from the seed; a failure replays with --seed.
    const order = [...followers];
    const random = seeded('T4 victims');
    for (let i = order.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const [killed, paused, lagging] = order;
    killed!.fake.component.signal('SIGKILL');
    paused!.fake.component.signal('SIGSTOP');
    onTestFinished(() => paused!.fake.component.signal('SIGCONT'));
    await leader.at(60);
    await lagging!.at(54);
    let failed = 0;
    const problems: string[] = [];
    const counts: Record<string, number> = {};
    const started = Date.now();
    for (let i = 0; Date.now() - started < 1500 || i < 20; i++) {
      try {
        const answer = await send(router, `/t4/d/${i}`, { timeoutMs: 5000 });
        counts[answer.node ?? `status ${answer.status}`] = (counts[answer.node ?? `status ${answer.status}`] ?? 0) + 1;
        if (answer.status !== 200) throw new Error(`status ${answer.status} ${excerpt(answer.body, 120)}`);
      } catch (error) {
        failed++;
        if (problems.length < 3) problems.push(`GET /t4/d/${i}: ${(error as Error).message}`);
      }
    }
    check(failed === 0, `${killed!.id} killed, ${paused!.id} paused, ${lagging!.id} lagging 6 entries (MAX_LAG_ENTRIES=5): every GET must still be answered (by the leader, or retried on it), but ${failed} failed: ${problems.join('; ')}. Read: ${LESSON}`);
    const last = await spread(router, '/t4/d/after', 10, all.filter((n) => n !== killed && n !== paused));
    check(last.leader === 10, `with no follower qualifying, reads must go to the leader; 10 GETs went ${formatCounts(last)}`);
    paused!.fake.component.signal('SIGCONT');
    await lagging!.at(60);
    await pollUntil(async () => (await spread(router, '/t4/d/back', 6, [leader, paused!, lagging!]))[lagging!.id]! > 0, { what: `${lagging!.id} to get reads again after it caught up`, timeoutMs: 5000 });
  });

  it('writes and reads get 502 JSON when the leader is down; a 6 KB path with an odd query passes through', async () => {
    const { router } = await cluster();
    const long = `/t4/long/${'x'.repeat(6000)}?q=${encodeURIComponent('"\';<>')}`;
    const answer = await read(router, long);
    check(JSON.parse(answer.body).url === long, `a 6 KB path with an odd query must reach a follower unchanged; it arrived as ${excerpt(JSON.parse(answer.body).url as string)}`);

    const nowhere = await allocatePort();
    const orphan = await startRouter({ url: `http://127.0.0.1:${nowhere}` }, [], { REQUEST_TIMEOUT_MS: '800' });
    expectRouterError(await send(orphan, '/api/chirps', { method: 'POST', body: { author: 'ada', text: 'hi' } }), [502], 'POST /api/chirps through a router whose leader is not listening');
    expectRouterError(await send(orphan, '/api/chirps'), [502], 'GET /api/chirps through a router with no follower and a leader that is not listening');
  });

  it('writes to a leader that never answers get 504 after the request timeout', async () => {
    const { leader } = await startNodes(7, [], 'h');
    const router = await startRouter(leader, [], { REQUEST_TIMEOUT_MS: '600' });
    await leader.fake.behave({ path: '/t4/hang', hang: true });
    const started = Date.now();
    const answer = await send(router, '/t4/hang', { method: 'POST', body: { text: 'x' }, timeoutMs: 8000 });
    expectRouterError(answer, [504], 'a POST the leader never answers (REQUEST_TIMEOUT_MS=600)');
    check(Date.now() - started < 6000, 'the 504 must come after about REQUEST_TIMEOUT_MS, not much later');
  });
});

