import { allocatePort, check, describeTask, excerpt, expectJson, expectStatus, type FakeBackend, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { backendList, expectAllAnswered, HEALTH_PATH, paths, recordedCounts, sendMany, startBackends, startBalancer } from './support.ts';

interface BackendStats {
  url: string;
  weight: number;
  healthy: boolean;
  inFlight: number;
  requests: number;
}

const FIELDS: Record<keyof BackendStats, string> = { url: 'string', weight: 'number', healthy: 'boolean', inFlight: 'number', requests: 'number' };

/** GET /__lb/stats, checked for shape; the entries in the order of `fakes`. */
async function stats(lb: { url: string }, fakes: readonly FakeBackend[]): Promise<BackendStats[]> {
  const action = 'GET /__lb/stats';
  const res = await request(`${lb.url}/__lb/stats`);
  expectStatus(res, 200, action);
  const body = expectJson<{ backends?: unknown }>(res, action);
  check(Array.isArray(body?.backends), `${action}: expected {"backends": [...]}, got ${excerpt(res.text)}`);
  const entries = body.backends as BackendStats[];
  return fakes.map((fake) => {
    const entry = entries.find((e) => typeof e?.url === 'string' && e.url.replace(/\/+$/, '') === fake.url);
    check(entry, `${action}: expected an entry with "url": "${fake.url}", got ${excerpt(res.text)}`);
    for (const [field, type] of Object.entries(FIELDS)) {
      check(typeof entry[field as keyof BackendStats] === type, `${action}: the entry for ${fake.url} needs "${field}" as a ${type}, got ${excerpt(JSON.stringify(entry))}`);
    }
    return entry;
  });
}

describeTask('T7', () => {
  const weights = [1, seeded('T7 weight').int(2, 4), 1];
  const backends = shared(() => startBackends(['m1', 'm2', 'm3']));
  // Health checks off: every request a backend records came from this balancer.
  const balancer = shared(async () => startBalancer({ BACKENDS: backendList(await backends(), weights) }));

  it('lists every backend with its weight, health and the requests it was sent', async () => {
    const fakes = await backends();
    const lb = await balancer();
    expectAllAnswered(await sendMany(lb, paths('/t7/count', 40), { concurrency: 2 }), '40 GETs through the balancer');
    const logs = await Promise.all(fakes.map((fake) => fake.requests()));
    const received = logs.map((log) => log.filter((r) => !r.url.startsWith(HEALTH_PATH)).length);
    const entries = await stats(lb, fakes);
    fakes.forEach((fake, i) => {
      const entry = entries[i]!;
      check(entry.requests === received[i], `GET /__lb/stats: ${fake.url} received ${received[i]} requests, but "requests" says ${entry.requests}`);
      check(entry.weight === weights[i], `GET /__lb/stats: ${fake.url} has weight ${weights[i]} in BACKENDS, but "weight" says ${entry.weight}`);
      check(entry.healthy === true && entry.inFlight === 0, `GET /__lb/stats: with nothing going on, ${fake.url} should be "healthy": true with "inFlight": 0, got ${JSON.stringify(entry)}`);
    });
    const leaked = logs.flat().filter((r) => r.url.startsWith('/__lb'));
    check(leaked.length === 0, 'GET /__lb/stats must be answered by the balancer itself, but it was forwarded to a backend');
  });

  it('counts the requests in flight while they are open', async () => {
    const fakes = await backends();
    await Promise.all(fakes.map((fake) => fake.behave({ path: '/t7/slow', delayMs: 2000 })));
    const lb = await balancer();
    const load = sendMany(lb, paths('/t7/slow', 6), { concurrency: 6 });
    await pollUntil(async () => Object.values(await recordedCounts(fakes, '/t7/slow/')).reduce((a, b) => a + b, 0) === 6, {
      what: 'the 6 slow requests to reach the backends',
      timeoutMs: 1500,
    });
    const arrived = await recordedCounts(fakes, '/t7/slow/');
    const open = await stats(lb, fakes);
    fakes.forEach((fake, i) => {
      check(open[i]!.inFlight === arrived[fake.id], `GET /__lb/stats while 6 requests wait on slow backends: ${fake.url} holds ${arrived[fake.id]} of them, but "inFlight" says ${open[i]!.inFlight}`);
    });
    expectAllAnswered(await load, '6 slow GETs');
    await pollUntil(async () => (await stats(lb, fakes)).every((entry) => entry.inFlight === 0), { what: '"inFlight" to drop back to 0 once the slow requests were answered', timeoutMs: 2000 });
  });

  it('counts the attempts that got no answer as "failures", and names the policy', async () => {
    const fakes = (await backends()).slice(0, 2);
    // Nothing listens on this port: every attempt to reach it is refused at once.
    const deadPort = await allocatePort();
    const dead = `http://127.0.0.1:${deadPort}`;
    const lb = await startBalancer({ BACKENDS: `${fakes[0]!.url},${dead},${fakes[1]!.url}` }, 'your balancer (one backend refusing connections)');
    // The answers themselves are T4's business (retries): only the counting is looked at here.
    await sendMany(lb, paths('/t7/failures', 12), { concurrency: 1 });
    const action = 'GET /__lb/stats';
    const res = await request(`${lb.url}/__lb/stats`);
    const body = expectJson<{ policy?: unknown; backends?: { url?: unknown; requests?: unknown; failures?: unknown }[] }>(res, action);
    check(body?.policy === 'round-robin', `${action} with POLICY unset: expected "policy": "round-robin", got ${JSON.stringify(body?.policy)}`);
    const entries = Array.isArray(body?.backends) ? body.backends : [];
    const entry = (url: string) => entries.find((e) => typeof e?.url === 'string' && e.url.replace(/\/+$/, '') === url);
    const down = entry(dead);
    check(down !== undefined, `${action}: expected an entry for ${dead} (it is in BACKENDS even though it refuses connections), got ${excerpt(res.text)}`);
    check(typeof down.requests === 'number' && down.requests >= 1 && down.failures === down.requests, `${action}: every attempt sent to ${dead} was refused, so its "failures" should equal its "requests" (at least 1), got ${JSON.stringify(down)}`);
    for (const fake of fakes) {
      const live = entry(fake.url);
      check(live?.failures === 0, `${action}: ${fake.url} answered every request it was sent, so its "failures" should be 0, got ${JSON.stringify(live)}`);
    }
    for (const policy of ['least-connections', 'consistent-hash']) {
      const other = await startBalancer({ BACKENDS: backendList(fakes), POLICY: policy }, `your balancer (POLICY=${policy})`);
      const named = expectJson<{ policy?: unknown }>(await request(`${other.url}/__lb/stats`), `${action} with POLICY=${policy}`);
      check(named?.policy === policy, `${action} with POLICY=${policy}: expected "policy": "${policy}", got ${JSON.stringify(named?.policy)}`);
    }
  });

  it('shows a backend that fails its health checks as "healthy": false', async () => {
    const fakes = await backends();
    const sick = seeded('T7 sick').pick(fakes);
    const lb = await startBalancer({ BACKENDS: backendList(fakes), HEALTH_INTERVAL_MS: '100', HEALTH_FALL: '2', HEALTH_RISE: '2', HEALTH_TIMEOUT_MS: '1000' });
    await sick.behave({ path: HEALTH_PATH, status: 503 });
    onTestFinished(() => sick.reset());
    await pollUntil(async () => (await stats(lb, fakes)).every((entry, i) => entry.healthy === (fakes[i] !== sick)), {
      what: `GET /__lb/stats to show ${sick.url} with "healthy": false (its ${HEALTH_PATH} answers 503) and the others true`,
      timeoutMs: 5000,
    });
  });
});
