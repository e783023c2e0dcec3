// T1, a failure detector: what counts as a failed probe, and what never counts as a success.
import { allocatePort, type Behaviour, check, describeTask, pollUntil, seeded } from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { detectorCluster, F, neverSuspected, notCurrent, settled, waitFor } from './detector-support.ts';
import { entry, FakeNode, rel, startMonitor, StateWatch, T1_LESSON } from './monitor-support.ts';

describeTask('T1', () => {
  const cluster = detectorCluster('T1 cluster (failed probes)');

  it('failed probes for less than FAILURE_TIMEOUT_MS (500, garbage, a reset) never make a suspicion', async () => {
    const { monitor, nodes, random, watched } = await cluster();
    const victim = nodes[2]!;
    await settled(watched, victim);
    const failures: { name: string; behaviour: Omit<Behaviour, 'path'> }[] = [
      { name: 'a 500', behaviour: { status: 500, body: victim.body() } },
      { name: 'a body that is not JSON', behaviour: { body: 'upstream connect error' } },
      { name: 'a JSON body with no role', behaviour: { body: { status: 'ok', epoch: victim.health.epoch, position: victim.health.position } } },
      { name: 'a reset connection', behaviour: { reset: true } },
    ];
    const order = [...failures, ...failures].map((f) => ({ f, key: random.next() })).sort((a, b) => a.key - b.key).map(({ f }) => f);
    onTestFinished(() => victim.healthy());
    await victim.fake.clearRequests();
    const from = Date.now();
    const watch = new StateWatch(monitor, nodes);
    onTestFinished(() => watch.stop().then(() => undefined, () => undefined));
    const arrivedSince = async (since: number) => (await victim.probes()).filter((p) => p.at > since).length;
    for (const { name, behaviour } of order) {
      await victim.answer(behaviour);
      const badFrom = Date.now();
      await pollUntil(async () => (await arrivedSince(badFrom)) >= 3, { what: `3 probes of ${victim.id} while it answers with ${name}`, timeoutMs: 3000 });
      await victim.healthy();
      const goodFrom = Date.now();
      await pollUntil(async () => (await arrivedSince(goodFrom)) >= 2, { what: `2 probes of ${victim.id} once it answers correctly again`, timeoutMs: 3000 });
    }
    const samples = await watch.stop();
    neverSuspected(samples, victim, from, `${victim.id} failed a few probes in a row at a time (${order.map((o) => o.name).join(', ')}), each time for well under FAILURE_TIMEOUT_MS=${F}, with successful probes in between`);
  });

  it('from the start, a node that never answers properly is suspected after FAILURE_TIMEOUT_MS; a 500, garbage or a wrong shape never counts as a success', async () => {
    const random = seeded('T1 hostile');
    const epoch = random.int(1, 60);
    const top = random.int(1000, 900_000);
    const good = await FakeNode.start('good', { role: 'leader', epoch, position: top, leader: null });
    const follower = (position: number) => ({ role: 'follower' as const, epoch, position, leader: good.url });
    const healthyBody = (id: string, position: number) => ({ status: 'ok', instance: id, role: 'follower', epoch, position, leader: good.url });
    // Two rounds of hostile answers: one from the monitor's start, one after the nodes were up.
    const first: { name: string; answer: (id: string, p: number) => Omit<Behaviour, 'path'> }[] = [
      { name: 'a hanging request', answer: () => ({ hang: true }) },
      { name: '500 with a valid body', answer: (id, p) => ({ status: 500, body: healthyBody(id, p) }) },
      { name: 'truncated JSON', answer: () => ({ body: `{"status":"ok","role":"follower","epoch":${epoch},"position":`, headers: { 'content-type': 'application/json' } }) },
      { name: 'a JSON array', answer: (id, p) => ({ body: [healthyBody(id, p)] }) },
      { name: 'role "primary"', answer: (id, p) => ({ body: { ...healthyBody(id, p), role: 'primary' } }) },
      { name: 'epoch as a string', answer: (id, p) => ({ body: { ...healthyBody(id, p), epoch: String(epoch) } }) },
      { name: 'a fractional position', answer: (id, p) => ({ body: { ...healthyBody(id, p), position: p + 0.5 } }) },
    ];
    const second: typeof first = [
      { name: 'no epoch', answer: (id, p) => ({ body: { status: 'ok', instance: id, role: 'follower', position: p } }) },
      { name: 'a negative position', answer: (id) => ({ body: { ...healthyBody(id, 0), position: -3 } }) },
      { name: 'JSON null', answer: () => ({ body: 'null', headers: { 'content-type': 'application/json' } }) },
      { name: 'plain text "OK"', answer: () => ({ body: 'OK', headers: { 'content-type': 'text/plain' } }) },
      { name: '503 with a valid body', answer: (id, p) => ({ status: 503, body: healthyBody(id, p) }) },
      { name: 'no role', answer: (id, p) => ({ body: { status: 'ok', instance: id, epoch, position: p } }) },
      { name: 'position null', answer: (id) => ({ body: { ...healthyBody(id, 0), position: null } }) },
    ];
    const shuffle = <T>(items: T[]) => items.map((item) => ({ item, key: random.next() })).sort((a, b) => a.key - b.key).map(({ item }) => item);
    const firstOrder = shuffle(first);
    const secondOrder = shuffle(second);
    const fakes = await Promise.all(firstOrder.map((_, i) => FakeNode.start(`h${i + 1}`, follower(top - random.int(0, 30)))));
    await Promise.all(fakes.map((fake, i) => fake.answer(firstOrder[i]!.answer(fake.id, fake.health.position))));
    const refused = { id: 'refused', url: `http://127.0.0.1:${await allocatePort()}` };
    const nodes = [good, ...fakes, refused];
    const label = (i: number) => (i === fakes.length ? 'a port nothing listens on' : firstOrder[i]!.name);
    const badOnes = [...fakes, refused];
    const failureMs = 800;
    const env = { PROBE_TIMEOUT_MS: '200', FAILURE_TIMEOUT_MS: String(failureMs) };
    const settings = `PROBE_INTERVAL_MS=50, PROBE_TIMEOUT_MS=200, FAILURE_TIMEOUT_MS=${failureMs}`;

    const startedBefore = Date.now();
    const monitor = await startMonitor(nodes, env);
    const watch = new StateWatch(monitor, nodes);
    onTestFinished(() => watch.stop().then(() => undefined, () => undefined));
    await waitFor(monitor, nodes, `every node that never answered a valid /healthz to be "suspected" after FAILURE_TIMEOUT_MS (${settings}), and the healthy one "up"`, failureMs + 3000, (state) => {
      const i = badOnes.findIndex((n) => entry(state, n).status !== 'suspected' || entry(state, n).lastSeenMs !== null);
      const e = i >= 0 ? entry(state, badOnes[i]!) : undefined;
      if (e?.lastSeenMs !== null && e !== undefined) return `${badOnes[i]!.id} has only ever answered /healthz with ${label(i)}, yet /monitor/state counts a successful probe: ${JSON.stringify(e)}`;
      if (e) return `${badOnes[i]!.id}, which answers with ${label(i)}, is ${JSON.stringify(e)}`;
      return notCurrent(state, good);
    });
    let samples = [...watch.samples];
    for (const [i, node] of badOnes.entries()) {
      const seen = samples.find((s) => entry(s.state, node).lastSeenMs !== null);
      check(seen === undefined, () => `${node.id} has only ever answered /healthz with ${label(i)}, which is not a successful probe, yet /monitor/state showed ${JSON.stringify(entry(seen!.state, node))}: lastSeenMs must stay null until a 200 with a JSON object holding role "leader" or "follower" and whole-number epoch and position. Read: ${T1_LESSON}`);
      const early = samples.find((s) => entry(s.state, node).status === 'suspected' && s.at < startedBefore + failureMs);
      check(early === undefined, () => `${node.id} (${label(i)}) was "suspected" ${rel(early!.at, startedBefore)} after the monitor was started: a node never seen is suspected only once FAILURE_TIMEOUT_MS=${failureMs} has passed since the monitor started`);
    }

    // Now they all answer properly: up. Then each answers in a new wrong way: suspected again.
    await Promise.all(fakes.map((fake) => fake.healthy()));
    await waitFor(monitor, nodes, 'every fake node, now answering a valid /healthz, to be "up"', 4000, (state) => fakes.map((n) => notCurrent(state, n)).find(Boolean));
    await Promise.all(fakes.map((fake, i) => fake.answer(secondOrder[i]!.answer(fake.id, fake.health.position))));
    const changedAt = Date.now();
    await waitFor(monitor, nodes, `every node, now answering /healthz wrongly, to be "suspected" within FAILURE_TIMEOUT_MS (${settings})`, failureMs + 2500, (state) => {
      const i = fakes.findIndex((n) => entry(state, n).status !== 'suspected');
      return i < 0 ? undefined : `${fakes[i]!.id}, which now answers with ${secondOrder[i]!.name}, is ${JSON.stringify(entry(state, fakes[i]!))}`;
    });
    samples = await watch.stop();
    for (const [i, node] of fakes.entries()) {
      // A success it had after the change, for certain: a probe answered well after it.
      const fresh = samples.find((s) => {
        const e = entry(s.state, node);
        return e.lastSeenMs !== null && s.sent - e.lastSeenMs > changedAt + 400;
      });
      check(fresh === undefined, () => `${node.id} answers /healthz with ${secondOrder[i]!.name} since +0 ms, yet /monitor/state counted a successful probe at about ${rel(fresh!.sent - entry(fresh!.state, node).lastSeenMs!, changedAt)} (${JSON.stringify(entry(fresh!.state, node))}). Read: ${T1_LESSON}`);
    }
    neverSuspected(samples, good, startedBefore, 'the healthy node answered every probe correctly');
  });
});
