import { check, describeTask, excerpt, expectJsonError, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import type { FakeBackend, LearnerApp } from '@scaling-lab/grader/harness';
import { listInstances, type RegistryAnswer, startAgent, startRegistry, startResettingListener, startStandInRegistry } from './discovery-support.ts';
import { answeredBy, startBackends, startBalancer } from './support.ts';

const serviceName = (label: string) => `${label}-${seeded(`T6 ${label}`).string('abcdefghjkmnpqrstuvwxyz', 6)}`;

/** Who answered 6 GETs in a row through the balancer (a status for an answer not from a fake). */
async function round(lb: { url: string }): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < 6; i++) {
    const res = await request(`${lb.url}/t6/round/${i}`, { timeoutMs: 3000 });
    answers.push(res.status === 200 ? (answeredBy(res) ?? '?') : `status ${res.status}`);
  }
  return answers;
}

/**
 * A balancer that followed a registry to two backends (o1, o2), after which the registry died;
 * a third backend (the spare) is running but was never registered. The registry's port is free
 * for a stand-in.
 */
async function balancerThatLostItsRegistry(label: string): Promise<{ lb: LearnerApp; registryPort: number; spare: FakeBackend }> {
  const registry = await startRegistry();
  const service = serviceName(label);
  const [b1, b2, spare] = await startBackends(['o1', 'o2', 'o3']);
  const agents = await Promise.all([b1!, b2!].map((backend) => startAgent({ registry, service, backend, ttlMs: 20_000, heartbeatMs: 200 })));
  const lb = await startBalancer({ REGISTRY_URL: registry.url, SERVICE_NAME: service, DISCOVERY_INTERVAL_MS: '100' });
  await pollUntil(async () => new Set(await round(lb)).size === 2, { what: 'o1 and o2 to answer through the balancer', timeoutMs: 5000 });
  // The agents go first, silently: from now on only the balancer knocks on the registry's port.
  for (const agent of agents) agent.signal('SIGKILL');
  await Promise.all(agents.map((agent) => agent.exited));
  registry.component.signal('SIGKILL');
  await registry.component.exited;
  return { lb, registryPort: registry.port, spare: spare! };
}

async function expectLastKnown(lb: { url: string }, when: string): Promise<void> {
  const answers = await round(lb);
  check(answers.every((a) => a === 'o1' || a === 'o2'), `${when}, the balancer must keep sending requests to the backends it last knew (o1, o2); 6 GETs were answered by: ${answers.join(', ')}`);
}

describeTask('T6', () => {
  // One registry for the tests that leave it running; each uses a service of its own.
  const sharedRegistry = shared(() => startRegistry());

  it('the registry API: register, list, register again, heartbeat, deregister', async () => {
    const registry = await sharedRegistry();
    const service = serviceName('api');
    const base = `${registry.url}/services/${service}/instances`;
    check((await listInstances(registry, service)).length === 0, `a service nobody registered must list no instances`);

    for (const [id, body] of [['i1', { url: 'http://127.0.0.1:4101', ttlMs: 30_000 }], ['i2', { url: 'http://127.0.0.1:4102', ttlMs: 30_000, weight: 3 }]] as const) {
      const res = await request(`${base}/${id}`, { method: 'PUT', body });
      check(res.status === 200 || res.status === 201, `PUT /services/${service}/instances/${id} ${JSON.stringify(body)}: expected 200, got ${res.status} ${excerpt(res.text)}`);
    }
    let listed = await listInstances(registry, service);
    const i1 = listed.find((i) => i.id === 'i1');
    const i2 = listed.find((i) => i.id === 'i2');
    check(listed.length === 2 && i1?.url === 'http://127.0.0.1:4101' && i2?.url === 'http://127.0.0.1:4102', `after registering i1 and i2, expected both with their "id" and "url", got ${excerpt(JSON.stringify(listed))}`);
    check(i1?.weight === 1 && i2?.weight === 3, `expected "weight": 1 for i1 (the default) and 3 for i2, got ${i1?.weight} and ${i2?.weight}`);

    await request(`${base}/i1`, { method: 'PUT', body: { url: 'http://127.0.0.1:4111', ttlMs: 30_000 } });
    listed = await listInstances(registry, service);
    check(listed.filter((i) => i.id === 'i1').length === 1 && listed.find((i) => i.id === 'i1')?.url === 'http://127.0.0.1:4111', `registering i1 again with a new url must replace it (a restart), not add a second entry; got ${excerpt(JSON.stringify(listed))}`);

    const beat = await request(`${base}/i1/heartbeat`, { method: 'POST' });
    check(beat.status === 200 || beat.status === 204, `POST /services/${service}/instances/i1/heartbeat: expected 200, got ${beat.status} ${excerpt(beat.text)}`);
    expectJsonError(await request(`${base}/ghost/heartbeat`, { method: 'POST' }), 404, `a heartbeat for an instance that is not registered (so that it knows to register again)`);

    const gone = await request(`${base}/i2`, { method: 'DELETE' });
    check(gone.status === 204 || gone.status === 200, `DELETE /services/${service}/instances/i2: expected 204, got ${gone.status} ${excerpt(gone.text)}`);
    listed = await listInstances(registry, service);
    check(listed.length === 1 && listed[0]?.id === 'i1', `after deregistering i2, only i1 should be listed, got ${excerpt(JSON.stringify(listed))}`);
    check((await listInstances(registry, serviceName('other'))).length === 0, 'instances of one service must not appear in another');

    for (const body of [{ url: 'not a url', ttlMs: 1000 }, { url: 'http://127.0.0.1:4103', ttlMs: 'soon' }, { url: 'http://127.0.0.1:4103' }, '{"url": ']) {
      expectJsonError(await request(`${base}/bad`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } }), 400, `PUT /services/${service}/instances/bad with body ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    }
  });

  it('the registry lists each instance with its ttlMs and expiresInMs, oldest registration first', async () => {
    const registry = await sharedRegistry();
    const service = serviceName('order');
    const base = `${registry.url}/services/${service}/instances`;
    const ttls: Record<string, number> = { zeta: 86_400_000, alpha: 30_000, mid: 45_000 };
    for (const [id, ttlMs] of Object.entries(ttls)) {
      const res = await request(`${base}/${id}`, { method: 'PUT', body: { url: `http://127.0.0.1:${4400 + Object.keys(ttls).indexOf(id)}`, ttlMs, weight: id === 'zeta' ? 100 : 1 } });
      check(res.status === 200 || res.status === 201, `PUT /services/${service}/instances/${id} with ttlMs ${ttlMs}: expected 200, got ${res.status} ${excerpt(res.text)}`);
    }
    const listed = await listInstances(registry, service);
    check(listed.map((i) => i.id).join(' ') === 'zeta alpha mid', `registered zeta, alpha, mid in that order: expected them listed oldest first, got ${listed.map((i) => i.id).join(', ')}`);
    for (const instance of listed) {
      const { ttlMs, expiresInMs } = instance as unknown as { ttlMs: unknown; expiresInMs: unknown };
      const want = ttls[instance.id]!;
      check(ttlMs === want, `${instance.id} was registered with "ttlMs": ${want}; the list says ${JSON.stringify(ttlMs)}`);
      check(typeof expiresInMs === 'number' && expiresInMs > want - 10_000 && expiresInMs <= want, `${instance.id} (TTL ${want} ms, registered a moment ago): expected "expiresInMs" a little under ${want}, got ${JSON.stringify(expiresInMs)}`);
    }
    check(listed[0]?.weight === 100, `zeta was registered with weight 100 (the largest allowed): the list says ${JSON.stringify(listed[0]?.weight)}`);
  });

  it('the registry refuses registrations and names the API does not allow, and keeps what it had', async () => {
    const registry = await sharedRegistry();
    const service = serviceName('hostile');
    const base = `${registry.url}/services/${service}/instances`;
    const good = { url: 'http://127.0.0.1:4501', ttlMs: 30_000, weight: 2 };
    const first = await request(`${base}/keep`, { method: 'PUT', body: good });
    check(first.status === 200 || first.status === 201, `PUT /services/${service}/instances/keep ${JSON.stringify(good)}: expected 200, got ${first.status} ${excerpt(first.text)}`);
    const { url, ttlMs } = good;
    const bodies: unknown[] = [
      { url: 'ftp://127.0.0.1:4501', ttlMs },
      { url: 'ftp://127.0.0.1:4501/?next=http://127.0.0.1:4501', ttlMs },
      { url: 'http://', ttlMs },
      { url: 'http://127.0.0.1:4501"><script>', ttlMs },
      { url: 4501, ttlMs },
      { url: [url], ttlMs },
      { url, ttlMs: 99 },
      { url, ttlMs: 86_400_001 },
      { url, ttlMs: 1e308 },
      { url, ttlMs: 1500.5 },
      { url, ttlMs: '3000' },
      { url, ttlMs: -1000 },
      { url, ttlMs, weight: 0 },
      { url, ttlMs, weight: 101 },
      { url, ttlMs, weight: 2.5 },
      { url, ttlMs, weight: '3' },
      { url, ttlMs, weight: -1 },
      [good],
      'null',
      '"http://127.0.0.1:4501"',
      `{"url": "${url}", "ttlMs": ${ttlMs}`,
    ];
    for (const body of bodies) {
      const shown = typeof body === 'string' ? body : JSON.stringify(body);
      expectJsonError(await request(`${base}/keep`, { method: 'PUT', body: typeof body === 'string' ? body : (body as object), headers: { 'content-type': 'application/json' } }), 400, `PUT /services/${service}/instances/keep with body ${shown}`);
    }
    // Names: 1 to 64 of A-Z a-z 0-9 . _ -. Anything else is refused (404 or 400) and never listed.
    const badIds = ['x'.repeat(65), 'bad%20id', 'k%D1%96', "it's", 'nul%00l', 'semi;colon'];
    for (const id of badIds) {
      const res = await request(`${base}/${id}`, { method: 'PUT', body: good });
      check(res.status >= 400 && res.status < 500, `PUT /services/${service}/instances/${id}: an instance id must be 1 to 64 of A-Z a-z 0-9 . _ -, expected a 4xx refusal, got ${res.status} ${excerpt(res.text)}`);
    }
    const badService = await request(`${registry.url}/services/${'s'.repeat(65)}/instances/i1`, { method: 'PUT', body: good });
    check(badService.status >= 400 && badService.status < 500, `PUT /services/<65 characters>/instances/i1: a service name must be 1 to 64 characters, expected a 4xx refusal, got ${badService.status} ${excerpt(badService.text)}`);
    const listed = await listInstances(registry, service);
    check(
      listed.length === 1 && listed[0]?.id === 'keep' && listed[0].url === url && listed[0].weight === 2,
      `after ${bodies.length} refused registrations of "keep" and ${badIds.length} with bad ids, expected only "keep" listed as first registered (${JSON.stringify(good)}), got ${excerpt(JSON.stringify(listed))}`,
    );
    expectJsonError(await request(`${base}/ghost`, { method: 'DELETE' }), 404, `DELETE /services/${service}/instances/ghost (never registered)`);
    const nowhere = `${service}-none`;
    expectJsonError(await request(`${registry.url}/services/${nowhere}/instances/ghost`, { method: 'DELETE' }), 404, `DELETE /services/${nowhere}/instances/ghost (a service nobody registered)`);
    // Requests the API does not have: a JSON error (404 or 405), and nothing changes.
    const strays: [string, string][] = [['POST', `/services/${service}`], ['DELETE', `/services/${service}`], ['GET', `/services/${service}/instances/keep`], ['POST', `/services/${service}/instances/keep`], ['PUT', `/services/${service}/instances/keep/heartbeat`], ['GET', `/services/${service}/instances/keep/heartbeat`], ['GET', '/nothing/here']];
    for (const [method, path] of strays) {
      const res = await request(`${registry.url}${path}`, { method, ...(method === 'PUT' || method === 'POST' ? { body: good } : {}) });
      expectJsonError(res, [404, 405], `${method} ${path} (not part of the registry's API)`);
    }
    const after = await listInstances(registry, service);
    check(after.length === 1 && after[0]?.id === 'keep', `after requests the API does not have, expected "keep" still listed alone, got ${excerpt(JSON.stringify(after))}`);
    // The smallest lease the API allows is still a registration.
    const shortest = await request(`${base}/brief`, { method: 'PUT', body: { url, ttlMs: 100 } });
    check(shortest.status === 200 || shortest.status === 201, `PUT /services/${service}/instances/brief with "ttlMs": 100 (the smallest allowed): expected 200, got ${shortest.status} ${excerpt(shortest.text)}`);
  });

  it('an instance that stops heartbeating drops out after its TTL; one that keeps beating stays', async () => {
    const registry = await sharedRegistry();
    const service = serviceName('ttl');
    const base = `${registry.url}/services/${service}/instances`;
    // Heartbeats every 100 ms against a 1 s lease: a heartbeat can be very late before the
    // keeper's lease is at risk, even on a busy machine.
    const ttlMs = 1000;
    const keeperStatuses: number[] = [];
    let beating = true;
    await request(`${base}/keeper`, { method: 'PUT', body: { url: 'http://127.0.0.1:4201', ttlMs } });
    const heartbeats = (async () => {
      while (beating) {
        await new Promise((r) => setTimeout(r, 100));
        // A heartbeat that gets no answer at all counts as status 0 (a failure, reported below).
        keeperStatuses.push(await request(`${base}/keeper/heartbeat`, { method: 'POST' }).then((res) => res.status, () => 0));
      }
    })();
    try {
      // The lapser registers after the keeper, so without renewals the keeper would expire first.
      await pollUntil(() => keeperStatuses.length >= 2, { what: 'two heartbeats of the keeper', timeoutMs: 3000 });
      await request(`${base}/lapser`, { method: 'PUT', body: { url: 'http://127.0.0.1:4202', ttlMs } });
      check((await listInstances(registry, service)).some((i) => i.id === 'lapser'), 'an instance registered a moment ago must be listed');
      await pollUntil(async () => !(await listInstances(registry, service)).some((i) => i.id === 'lapser'), {
        what: `"lapser" (TTL ${ttlMs} ms, no heartbeats) to leave the list`,
        timeoutMs: 5000,
      });
      const listed = await listInstances(registry, service);
      check(listed.some((i) => i.id === 'keeper'), `"keeper" (TTL ${ttlMs} ms) sends a heartbeat every 100 ms, so it must stay listed; it was gone by the time "lapser" expired. Does a heartbeat extend the lease by a whole TTL?`);
      check(keeperStatuses.every((s) => s === 200 || s === 204), `every heartbeat of the live "keeper" should succeed; they answered ${keeperStatuses.join(', ')}`);
      expectJsonError(await request(`${base}/lapser/heartbeat`, { method: 'POST' }), 404, 'a heartbeat after the TTL ran out');
    } finally {
      beating = false;
      await heartbeats;
    }
  });

  it('the balancer follows the registry: instances join and leave without a restart', async () => {
    const registry = await sharedRegistry();
    const service = serviceName('chirp');
    const [b1, b2, b3] = await startBackends(['e1', 'e2', 'e3']);
    const lb = await startBalancer({ REGISTRY_URL: registry.url, SERVICE_NAME: service, DISCOVERY_INTERVAL_MS: '100' });
    const empty = await request(`${lb.url}/t6/empty`, { timeoutMs: 3000 });
    check(empty.status === 503 || empty.status === 502, `with no instance registered, the balancer should answer 503, got ${empty.status} ${excerpt(empty.text)}`);

    // e1 and e3 hold long leases: only a deregistration can remove e1 within the deadline below.
    // e2 holds a short one, renewed every 100 ms while its agent lives.
    const agent1 = await startAgent({ registry, service, backend: b1!, ttlMs: 20_000, heartbeatMs: 200 });
    await pollUntil(async () => (await round(lb)).every((a) => a === 'e1'), { what: 'e1, just registered, to answer through the balancer', timeoutMs: 5000 });
    const agent2 = await startAgent({ registry, service, backend: b2!, ttlMs: 600, heartbeatMs: 100 });
    await pollUntil(async () => new Set(await round(lb)).size === 2, { what: 'e1 and e2 both to answer once e2 registered', timeoutMs: 5000 });

    agent1.signal('SIGTERM');
    await agent1.waitForExit(5000);
    await pollUntil(async () => (await round(lb)).every((a) => a === 'e2'), {
      what: 'e1 to stop getting requests once its agent deregistered it (its 20 s lease has not run out: the deregistration must take effect at once)',
      timeoutMs: 4000,
    });

    await startAgent({ registry, service, backend: b3!, ttlMs: 20_000, heartbeatMs: 200 });
    await pollUntil(async () => (await round(lb)).includes('e3'), { what: 'e3 to answer once registered', timeoutMs: 5000 });
    agent2.signal('SIGKILL');
    await pollUntil(async () => (await round(lb)).every((a) => a === 'e3'), {
      what: 'e2 to stop getting requests once its heartbeats stopped (its agent was killed; TTL 600 ms)',
      timeoutMs: 6000,
    });
  });

  it('the balancer keeps its last known backends while the registry is down', async () => {
    const { lb, registryPort } = await balancerThatLostItsRegistry('outage');
    // In the registry's place: a listener that resets every connection, counting them.
    const broken = await startResettingListener(registryPort);
    try {
      await pollUntil(() => broken.connections() >= 3, { what: 'the balancer to try refreshing from the registry (3 attempts)', timeoutMs: 5000 });
      await expectLastKnown(lb, 'with the registry unreachable');
    } finally {
      await broken.close();
    }
  });

  it('the balancer keeps its last known backends when the registry answers with something that is not a list', async () => {
    const { lb, registryPort } = await balancerThatLostItsRegistry('garbage');
    const answers: RegistryAnswer[] = [
      { status: 500, body: '{"error": "the registry is restarting"}' },
      { status: 500, body: '{"service": "chirp", "instances": []}' },
      { status: 200, body: '{"service": "chirp", "instances": "none"}' },
      { status: 200, body: '{"service": "chirp"' },
      { status: 200, body: '{"service": "chirp"}' },
      { status: 503, body: '<html>maintenance</html>' },
    ];
    const standIn = await startStandInRegistry(registryPort, (n) => answers[(n - 1) % answers.length]!);
    try {
      await pollUntil(() => standIn.requests() >= 2 * answers.length, { what: `the balancer to ask the registry ${2 * answers.length} times (it answers in turn: ${answers.map((a) => (a === 'hang' ? 'nothing' : `${a.status} ${a.body}`)).join(' | ')})`, timeoutMs: 8000 });
      await expectLastKnown(lb, 'with the registry answering 500, 503, a list that is not a list, and JSON cut short');
    } finally {
      await standIn.close();
    }
  });

  it('a registry that never answers does not stop the balancer from following the next one', async () => {
    const { lb, registryPort, spare } = await balancerThatLostItsRegistry('hang');
    // The first requests get no answer at all (a paused registry keeps its connections open);
    // once the balancer has asked, the registry answers again, now listing only the spare.
    let hanging = true;
    const list = JSON.stringify({ service: 'chirp', instances: [{ id: spare.id, url: spare.url, weight: 1, ttlMs: 20_000, expiresInMs: 20_000 }] });
    const standIn = await startStandInRegistry(registryPort, () => (hanging ? 'hang' : { status: 200, body: list }));
    try {
      await pollUntil(() => standIn.requests() >= 1, { what: 'the balancer to ask the registry again', timeoutMs: 5000 });
      hanging = false;
      await pollUntil(async () => (await round(lb)).every((a) => a === spare.id), {
        what: `the balancer to follow the registry again once it answers (listing only ${spare.id}); its request to the registry while it hung needs a deadline, or the refresh loop waits forever`,
        timeoutMs: 8000,
      });
    } finally {
      await standIn.close();
    }
  });
});
