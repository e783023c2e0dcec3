import { check, describeTask, type HttpResponse, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { answeredBy, answerOf, backendList, expectAllAnswered, formatCounts, keepAliveAgent, type Outcome, sendMany, startBackends, startBalancer } from './support.ts';

/** The value our sticky cookie is set to in this response, if it sets it. */
function cookieSet(res: HttpResponse, name: string): string | undefined {
  const lines = [res.headers['set-cookie'] ?? []].flat();
  for (const line of lines) {
    const [pair] = line.split(';');
    const equals = pair!.indexOf('=');
    if (pair!.slice(0, equals).trim() === name) return pair!.slice(equals + 1).trim();
  }
  return undefined;
}

/** A client that keeps the sticky cookie the way a browser does. */
async function visit(lb: { url: string }, path: string, name: string, jar: { value?: string }): Promise<{ res: HttpResponse; backend?: string }> {
  const res = await request(`${lb.url}${path}`, { headers: jar.value ? { cookie: `${name}=${jar.value}` } : {} });
  jar.value = cookieSet(res, name) ?? jar.value;
  return { res, backend: answeredBy(res) };
}

describeTask('T5', () => {
  const cookieName = `lab_${seeded('T5 cookie').string('abcdefghijkmnpqrstuvwxyz', 6)}`;
  // Four backends shared by the tests that leave them running: each test has its own balancer.
  const backends = shared(() => startBackends(['k1', 'k2', 'k3', 'k4']));

  it('sticky cookie: a client that sends the cookie back stays on one backend, and clients spread out', async () => {
    const fakes = (await backends()).slice(0, 3);
    const lb = await startBalancer({ BACKENDS: backendList(fakes), STICKY_COOKIE: cookieName });
    const homes = new Set<string>();
    for (let client = 0; client < 6; client++) {
      const jar: { value?: string } = {};
      const first = await visit(lb, `/t5/client-${client}/0`, cookieName, jar);
      check(first.res.status === 200 && first.backend, () => `GET /t5/client-${client}/0 through the balancer: expected a backend's answer with status 200, got ${answerOf(first.res)}`);
      check(jar.value, `STICKY_COOKIE=${cookieName}: the first answer to a new client must set the cookie "${cookieName}"; Set-Cookie was ${JSON.stringify(first.res.headers['set-cookie'] ?? null)}`);
      homes.add(first.backend);
      for (let i = 1; i <= 5; i++) {
        const next = await visit(lb, `/t5/client-${client}/${i}`, cookieName, jar);
        check(next.backend === first.backend, `client ${client + 1} was first answered by ${first.backend} and sends the cookie ${cookieName}=${jar.value} back, but request ${i + 1} was answered by ${answerOf(next.res)}`);
      }
    }
    check(homes.size >= 2, `6 new clients (no cookie yet) were all placed on ${[...homes].join(', ')}: new clients should still be spread by the policy`);
  });

  it('sticky cookie: found by its exact name among look-alikes; a forged value is placed anew', async () => {
    const fakes = (await backends()).slice(0, 3);
    const lb = await startBalancer({ BACKENDS: backendList(fakes), STICKY_COOKIE: cookieName });
    // Clients until two of them live on different backends: their cookies name different homes.
    const clients: { home: string; token: string }[] = [];
    for (let client = 0; client < 6 && new Set(clients.map((c) => c.home)).size < 2; client++) {
      const jar: { value?: string } = {};
      const first = await visit(lb, `/t5/lookalike-${client}/0`, cookieName, jar);
      check(first.backend !== undefined && jar.value !== undefined, () => `GET /t5/lookalike-${client}/0: expected a backend's answer that sets ${cookieName}, got ${answerOf(first.res)}, Set-Cookie ${JSON.stringify(first.res.headers['set-cookie'] ?? null)}`);
      clients.push({ home: first.backend, token: jar.value });
    }
    const a = clients[0]!;
    const b = clients.find((c) => c.home !== a.home);
    check(b !== undefined, `6 new clients were all placed on ${a.home}: new clients should be spread by the policy`);
    const cookie = `${cookieName}_old=${b.token}; x${cookieName}=${b.token}; ${cookieName.toUpperCase()}=${b.token}; ${cookieName}=${a.token}; theme=dark`;
    for (let i = 0; i < 3; i++) {
      const res = await request(`${lb.url}/t5/lookalike/${i}`, { headers: { cookie } });
      check(answeredBy(res) === a.home, `Cookie: ${cookie} names ${a.home}'s token in ${cookieName} and ${b.home}'s in cookies whose names only look alike: expected ${a.home} to answer, got ${answerOf(res)}. Compare the whole cookie name, exactly.`);
    }
    for (const forged of [`${a.token}x`, 'x'.repeat(4096), '%00', "'\"<>", '']) {
      const res = await request(`${lb.url}/t5/forged`, { headers: { cookie: `${cookieName}=${forged}` } });
      check(res.status === 200 && answeredBy(res) !== undefined, () => `Cookie: ${cookieName}=${forged.length > 40 ? `<${forged.length} characters>` : forged} names no backend: expected the request placed by the policy like a new client's, got ${answerOf(res)}`);
      check(cookieSet(res, cookieName) !== undefined, () => `Cookie: ${cookieName}=${forged.length > 40 ? `<${forged.length} characters>` : forged} names no backend: the answer should set ${cookieName} to the backend it was placed on; Set-Cookie was ${JSON.stringify(res.headers['set-cookie'] ?? null)}`);
    }
  });

  it('sticky cookie: when its backend dies, the client moves to another one and stays there', async () => {
    const fakes = await startBackends(['d1', 'd2', 'd3']);
    const lb = await startBalancer({ BACKENDS: backendList(fakes), STICKY_COOKIE: cookieName, HEALTH_INTERVAL_MS: '100', HEALTH_TIMEOUT_MS: '2000', HEALTH_FALL: '3', HEALTH_RISE: '2' });
    const jar: { value?: string } = {};
    // Health checks are on here: allow for a balancer that waits for them before sending traffic.
    const first = await pollUntil(async () => {
      const answer = await visit(lb, '/t5/move/0', cookieName, jar);
      return answer.res.status === 200 ? answer : undefined;
    }, { what: 'a first request through the balancer to be answered', timeoutMs: 5000 });
    const home = fakes.find((fake) => fake.id === first.backend);
    check(home && jar.value, `the first answer must come from a backend and set ${cookieName}; got ${answerOf(first.res)}, Set-Cookie ${JSON.stringify(first.res.headers['set-cookie'] ?? null)}`);
    home.component.signal('SIGKILL');
    await home.component.exited;
    const moved = await pollUntil(async () => {
      const next = await visit(lb, '/t5/move/1', cookieName, jar);
      return next.res.status === 200 && next.backend !== undefined ? next.backend : undefined;
    }, { what: `a request with the cookie for ${home.id} to be answered by another backend after ${home.id} was killed`, timeoutMs: 5000 });
    for (let i = 2; i < 8; i++) {
      const next = await visit(lb, `/t5/move/${i}`, cookieName, jar);
      check(next.backend === moved, `after ${home.id} died, the client was answered by ${moved}; with the cookie it then holds (${cookieName}=${jar.value}) it should stay there, but request ${i} went to ${answerOf(next.res)}. Set the cookie again when the client lands on a new backend.`);
    }
  });

  it('consistent hashing: a key always reaches the same backend, and a 4th backend takes about 1/4 of the keys from the others', async () => {
    const rng = seeded('T5 keys');
    const header = 'x-lab-user';
    const keys = Array.from({ length: 400 }, () => `user-${rng.string('abcdefghijklmnopqrstuvwxyz0123456789', 12)}`);
    const fakes = await backends();
    const env = { POLICY: 'consistent-hash', HASH_HEADER: header };
    const owners = async (lb: { url: string }, label: string, some = keys): Promise<string[]> => {
      const agent = keepAliveAgent(8);
      try {
        const outcomes: Outcome[] = await sendMany(lb, some.map((key) => `/t5/hash/${key}`), { concurrency: 8, agent, headers: (path) => ({ [header]: path.slice('/t5/hash/'.length) }) });
        expectAllAnswered(outcomes, `${some.length} GETs, one per ${header} key, ${label}`);
        return outcomes.map((o) => o.backend!);
      } finally {
        agent.destroy();
      }
    };

    const lb3 = await startBalancer({ ...env, BACKENDS: backendList(fakes.slice(0, 3)) }, 'your balancer (3 backends)');
    const before = await owners(lb3, 'over 3 backends');
    const sample = keys.slice(0, 100);
    const again = await owners(lb3, 'over 3 backends, asked again', sample);
    const unstable = sample.filter((_, i) => before[i] !== again[i]).length;
    check(unstable === 0, `POLICY=consistent-hash: the same ${header} must always reach the same backend, but ${unstable} of ${sample.length} keys changed backend when asked again`);
    const shares = Object.fromEntries(fakes.slice(0, 3).map((fake) => [fake.id, before.filter((b) => b === fake.id).length]));
    check(Object.values(shares).every((n) => n >= 0.15 * keys.length), `${keys.length} keys over 3 backends should split roughly evenly (each at least 15%), got ${formatCounts(shares)}. Give each backend many points on the ring.`);

    const lb4 = await startBalancer({ ...env, BACKENDS: backendList(fakes) }, 'your balancer (4 backends)');
    const after = await owners(lb4, 'over 4 backends');
    const moved = keys.filter((_, i) => before[i] !== after[i]);
    const toNewcomer = keys.filter((_, i) => before[i] !== after[i] && after[i] === 'k4').length;
    const reshuffled = moved.length - toNewcomer;
    const percent = (n: number) => `${((100 * n) / keys.length).toFixed(1)}%`;
    check(
      moved.length < 0.4 * keys.length,
      `adding a 4th backend moved ${moved.length} of ${keys.length} keys (${percent(moved.length)}); consistent hashing moves about 1/4 (25%), hash % N about 3/4. Place keys on a ring, not by modulo.`,
    );
    check(toNewcomer >= 0.1 * keys.length, `the new backend k4 took only ${toNewcomer} of ${keys.length} keys (${percent(toNewcomer)}); it should take about 1/4`);
    check(reshuffled <= 0.05 * keys.length, `adding k4 moved ${reshuffled} keys (${percent(reshuffled)}) from one old backend to another; with consistent hashing keys only move to the newcomer`);
  });

  it('consistent hashing follows the weights: a backend of weight 3 owns about 3/5 of the keys', async () => {
    const rng = seeded('T5 weighted keys');
    const header = 'x-lab-user';
    const keys = Array.from({ length: 300 }, () => `user-${rng.string('abcdefghijklmnopqrstuvwxyz0123456789', 12)}`);
    const fakes = (await backends()).slice(0, 3);
    const lb = await startBalancer({ BACKENDS: backendList(fakes, [3, 1, 1]), POLICY: 'consistent-hash', HASH_HEADER: header }, 'your balancer (consistent-hash, weights 3, 1, 1)');
    const agent = keepAliveAgent(8);
    try {
      const outcomes = await sendMany(lb, keys.map((key) => `/t5/weighted/${key}`), { concurrency: 8, agent, headers: (path) => ({ [header]: path.slice('/t5/weighted/'.length) }) });
      expectAllAnswered(outcomes, `${keys.length} GETs, one per ${header} key, weights 3, 1, 1`);
      const shares = Object.fromEntries(fakes.map((fake) => [fake.id, outcomes.filter((o) => o.backend === fake.id).length]));
      check(
        shares[fakes[0]!.id]! >= 0.45 * keys.length,
        `consistent-hash with weights 3, 1, 1: twice the weight should mean twice the points on the ring, so ${fakes[0]!.id} should own about 60% of ${keys.length} keys; the keys went ${formatCounts(shares)}`,
      );
    } finally {
      agent.destroy();
    }
  });
});
