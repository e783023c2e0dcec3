import { check, describeTask, excerpt, expectJsonError, pollUntil, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { listInstances, startAgent, startRegistry, startResettingListener } from './discovery-support.ts';
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
    const registry = await startRegistry();
    const service = serviceName('outage');
    const [b1, b2] = await startBackends(['o1', 'o2']);
    const agents = await Promise.all([b1!, b2!].map((backend) => startAgent({ registry, service, backend, ttlMs: 20_000, heartbeatMs: 200 })));
    const lb = await startBalancer({ REGISTRY_URL: registry.url, SERVICE_NAME: service, DISCOVERY_INTERVAL_MS: '100' });
    await pollUntil(async () => new Set(await round(lb)).size === 2, { what: 'o1 and o2 to answer through the balancer', timeoutMs: 5000 });

    // The agents go first, silently: from now on only the balancer knocks on the registry's port.
    for (const agent of agents) agent.signal('SIGKILL');
    await Promise.all(agents.map((agent) => agent.exited));
    registry.component.signal('SIGKILL');
    await registry.component.exited;
    // In the registry's place: a listener that resets every connection, counting them.
    const broken = await startResettingListener(registry.port);
    try {
      await pollUntil(() => broken.connections() >= 3, { what: 'the balancer to try refreshing from the registry (3 attempts)', timeoutMs: 5000 });
      const answers = await round(lb);
      check(
        answers.every((a) => a === 'o1' || a === 'o2'),
        `with the registry unreachable, the balancer must keep sending requests to the backends it last knew (o1, o2); 6 GETs were answered by: ${answers.join(', ')}`,
      );
    } finally {
      await broken.close();
    }
  });
});
