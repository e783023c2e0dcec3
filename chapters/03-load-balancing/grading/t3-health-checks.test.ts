import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { check, describeTask, expectJsonError, FakeBackend, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { backendList, expectAllAnswered, formatCounts, HEALTH_PATH, paths, sendMany, startBackends, startBalancer, tally } from './support.ts';

const RISE = 3;
const HEALTH = { HEALTH_INTERVAL_MS: '100', HEALTH_TIMEOUT_MS: '1000', HEALTH_FALL: '2', HEALTH_RISE: String(RISE), HEALTH_PATH };

let batches = 0;

/** One round of 6 sequential GETs; who answered them, or undefined if any failed or was slow. */
async function batch(lb: { url: string }, fakes: readonly FakeBackend[], timeoutMs = 10_000): Promise<Record<string, number> | undefined> {
  const outcomes = await sendMany(lb, paths(`/t3/batch-${++batches}`, 6), { concurrency: 1, timeoutMs });
  if (outcomes.some((o) => o.status !== 200 || o.backend === undefined)) return undefined;
  return tally(outcomes, fakes);
}

const reaches = async (lb: { url: string }, fakes: readonly FakeBackend[], id: string) => ((await batch(lb, fakes))?.[id] ?? 0) > 0;

/**
 * A backend whose health check answers 503 and 200 in turn (never two failures in a row), and
 * which answers everything else like a fake backend: {"backend": id}.
 */
function startFlappingBackend(id: string): Promise<{ url: string; checks(): number; close(): Promise<void> }> {
  let checks = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.url === HEALTH_PATH) {
      checks++;
      res.writeHead(checks % 2 === 1 ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: checks % 2 === 1 ? 'failing' : 'ok' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ backend: id, method: req.method, url: req.url }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        checks: () => checks,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

describeTask('T3', () => {
  // The tests share one balancer and its backends; each leaves the pool whole for the next.
  const pool = shared(async () => {
    const fakes = await startBackends(['h1', 'h2', 'h3']);
    const lb = await startBalancer({ BACKENDS: backendList(fakes), ...HEALTH });
    return { fakes, lb, victim: seeded('T3 victim').pick(fakes) };
  });

  /** The shared pool, once all three backends are in rotation (whatever state they start in). */
  async function wholePool() {
    const state = await pool();
    await pollUntil(async () => {
      const counts = await batch(state.lb, state.fakes);
      return counts !== undefined && Object.values(counts).every((n) => n > 0);
    }, { what: 'all three healthy backends to receive requests', timeoutMs: 5000 });
    return state;
  }

  it(`a backend failing its checks stops getting requests, and gets them back after ${RISE} passed checks`, async () => {
    const { fakes, lb, victim } = await wholePool();
    await victim.behave({ path: HEALTH_PATH, status: 503 });
    onTestFinished(() => victim.reset());
    await pollUntil(async () => (await batch(lb, fakes))?.[victim.id] === 0, {
      what: `${victim.id} to stop receiving requests once ${HEALTH_PATH} answers 503 (HEALTH_FALL=2, HEALTH_INTERVAL_MS=100)`,
      timeoutMs: 5000,
    });
    const during = await sendMany(lb, paths('/t3/out', 30), { concurrency: 2 });
    expectAllAnswered(during, `30 GETs while ${victim.id} is unhealthy`);
    const counts = tally(during, fakes);
    check(counts[victim.id] === 0, `while ${victim.id} fails its health checks it must get no requests; 30 GETs went ${formatCounts(counts)}`);

    const recoveredFrom = Date.now();
    await victim.reset();
    await pollUntil(() => reaches(lb, fakes, victim.id), {
      what: `${victim.id} to receive requests again after its ${HEALTH_PATH} recovered (HEALTH_RISE=${RISE})`,
      timeoutMs: 5000,
    });
    // The backend's own log tells how many checks it passed before requests came back.
    const log = (await victim.requests()).filter((r) => r.at >= recoveredFrom);
    const firstRequest = log.find((r) => r.url.startsWith('/t3/'));
    const passedChecks = log.filter((r) => r.url === HEALTH_PATH && r.at <= (firstRequest?.at ?? Infinity)).length;
    check(
      passedChecks >= RISE,
      `${victim.id} got requests again after only ${passedChecks} health check(s) since it recovered; with HEALTH_RISE=${RISE} it must first pass ${RISE} checks in a row`,
    );
  });

  it('one failed check in a row is not enough: a backend whose checks fail every other time stays in', async () => {
    const { fakes } = await pool();
    const flapper = await startFlappingBackend('flap');
    onTestFinished(() => flapper.close());
    // A generous check timeout: on a busy machine a slow answer must not count as a second failure.
    const lb = await startBalancer({ BACKENDS: `${fakes[0]!.url},${flapper.url}`, ...HEALTH, HEALTH_TIMEOUT_MS: '3000' }, 'your balancer (one backend flapping)');
    await pollUntil(() => flapper.checks() >= 8, { what: `8 health checks of a backend whose ${HEALTH_PATH} answers 503 and 200 in turn`, timeoutMs: 5000 });
    const outcomes = await sendMany(lb, paths('/t3/flapping', 20), { concurrency: 1 });
    expectAllAnswered(outcomes, '20 GETs with one backend flapping');
    const served = outcomes.filter((o) => o.backend === 'flap').length;
    check(served >= 5, `with HEALTH_FALL=2, a backend that fails one check and passes the next (${flapper.checks()} checks so far) never fails 2 in a row, so it stays healthy and should get about half of 20 GETs; it got ${served}. Count failures in a row, and reset the count on a pass.`);
  });

  it('with every backend unhealthy the balancer answers 503 itself; HEALTH_INTERVAL_MS=0 checks nothing', async () => {
    const fakes = await startBackends(['u1', 'u2']);
    await Promise.all(fakes.map((fake) => fake.behave({ path: HEALTH_PATH, status: 503 })));
    const lb = await startBalancer({ BACKENDS: backendList(fakes), ...HEALTH }, 'your balancer (every backend failing its checks)');
    const res = await pollUntil(async () => {
      const answer = await request(`${lb.url}/t3/nobody`);
      return answer.status === 503 ? answer : undefined;
    }, { what: `GET /t3/nobody to be answered 503 once both backends have failed their ${HEALTH_PATH} checks (no backend is healthy)`, timeoutMs: 5000 });
    expectJsonError(res, 503, 'GET /t3/nobody with no healthy backend');
    // Checks turned off, on backends of its own: they must hear nothing on the health path.
    const quiet = await startBackends(['q1', 'q2']);
    const unchecked = await startBalancer({ BACKENDS: backendList(quiet), ...HEALTH, HEALTH_INTERVAL_MS: '0' }, 'your balancer (HEALTH_INTERVAL_MS=0)');
    expectAllAnswered(await sendMany(unchecked, paths('/t3/unchecked', 12), { concurrency: 1 }), '12 GETs with HEALTH_INTERVAL_MS=0 (checks off, every backend in rotation)');
    const checks = (await Promise.all(quiet.map((fake) => fake.requests()))).flat().filter((r) => r.url === HEALTH_PATH).length;
    check(checks === 0, `HEALTH_INTERVAL_MS=0 turns health checks off, but the backends received ${checks} requests for ${HEALTH_PATH}`);
  });

  it('a paused backend (SIGSTOP) counts as unhealthy: it accepts connections but never answers', async () => {
    const { fakes, lb, victim } = await wholePool();
    victim.component.signal('SIGSTOP');
    onTestFinished(() => victim.component.signal('SIGCONT'));
    await pollUntil(() => batch(lb, fakes, 1500), {
      what: `6 requests in a row to be answered within 1.5 s each while ${victim.id} is paused (its health checks time out: HEALTH_TIMEOUT_MS=1000, HEALTH_FALL=2)`,
      timeoutMs: 10_000,
    });
    const during = await sendMany(lb, paths('/t3/paused', 24), { concurrency: 2, timeoutMs: 3000 });
    expectAllAnswered(during, `24 GETs while ${victim.id} is paused`);
    victim.component.signal('SIGCONT');
    await pollUntil(() => reaches(lb, fakes, victim.id), { what: `${victim.id} to receive requests again after SIGCONT`, timeoutMs: 8000 });
  });

  it('a killed backend is taken out, and a new process on its port is taken back in', async () => {
    const { fakes, lb, victim } = await wholePool();
    victim.component.signal('SIGKILL');
    await victim.component.exited;
    await pollUntil(() => batch(lb, fakes), { what: `6 requests in a row to succeed after ${victim.id} was killed`, timeoutMs: 5000 });
    const revived = await FakeBackend.start(victim.id, victim.port);
    const all = fakes.map((fake) => (fake === victim ? revived : fake));
    await pollUntil(() => reaches(lb, all, victim.id), { what: `${victim.id}, restarted on the same port, to receive requests again`, timeoutMs: 5000 });
  });
});
