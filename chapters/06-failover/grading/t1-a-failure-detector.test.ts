import { setTimeout as delay } from 'node:timers/promises';
import { allocatePort, type Behaviour, check, describeTask, LabFailure, type LearnerApp, pollUntil, seeded, shared } from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { entry, FAST_MONITOR, FakeNode, type MonitorState, readState, rel, type Sample, StateWatch, startMonitor, story, T1_LESSON } from './monitor-support.ts';

const F = Number(FAST_MONITOR.FAILURE_TIMEOUT_MS);
const PROBE_TIMEOUT = Number(FAST_MONITOR.PROBE_TIMEOUT_MS);
const SETTINGS = `PROBE_INTERVAL_MS=${FAST_MONITOR.PROBE_INTERVAL_MS}, PROBE_TIMEOUT_MS=${PROBE_TIMEOUT}, FAILURE_TIMEOUT_MS=${F}`;

/**
 * Polls /monitor/state until `problem` finds nothing wrong with it; the last problem is quoted if
 * the deadline passes. Returns the sample that satisfied it.
 */
async function waitFor(monitor: LearnerApp, nodes: readonly { url: string }[], what: string, timeoutMs: number, problem: (state: MonitorState) => string | undefined): Promise<Sample> {
  return pollUntil(
    async () => {
      const sent = Date.now();
      const state = await readState(monitor, nodes);
      const wrong = problem(state);
      if (wrong) throw new LabFailure(wrong);
      return { sent, at: Date.now(), state };
    },
    { what, timeoutMs, intervalMs: 20 },
  );
}

/** What is wrong with `node`'s entry, if it is not up with the role, epoch and position it reports. */
function notCurrent(state: MonitorState, node: FakeNode): string | undefined {
  const e = entry(state, node);
  const { role, epoch, position } = node.health;
  if (e.status === 'up' && e.lastSeenMs !== null && e.lastSeenMs < 500 && e.role === role && e.epoch === epoch && e.position === position) return undefined;
  return `${node.id} (${node.url}) answers /healthz with role "${role}", epoch ${epoch}, position ${position}; /monitor/state says ${JSON.stringify(e)}`;
}

/** The shared cluster's monitor, and whether it has ever shown a node correctly. */
interface Watched {
  monitor: LearnerApp;
  nodes: FakeNode[];
  /** Set once a node was seen up; until then, the first failure to see one is repeated at once. */
  seen: boolean;
  failure?: unknown;
}

/** Waits until the monitor has a fresh, correct view of `only` (default: every node). */
async function settled(cluster: Watched, only?: FakeNode, timeoutMs = 3000): Promise<Sample> {
  // A monitor that never showed a node up will not start now: fail fast, with the same message.
  if (!cluster.seen && cluster.failure) throw cluster.failure;
  const targets = only ? [only] : cluster.nodes;
  const what = only ? `${only.id} to be` : 'every node to be';
  try {
    const sample = await waitFor(cluster.monitor, cluster.nodes, `${what} "up" with a recent successful probe (lastSeenMs < 500) and the role, epoch and position from its /healthz (${SETTINGS})`, timeoutMs, (state) => targets.map((n) => notCurrent(state, n)).find(Boolean));
    cluster.seen = true;
    return sample;
  } catch (error) {
    cluster.failure ??= error;
    throw error;
  }
}

function neverSuspected(samples: readonly Sample[], node: FakeNode, from: number, why: string): void {
  const bad = samples.find((s) => entry(s.state, node).status === 'suspected');
  check(bad === undefined, () => `${why}, yet /monitor/state said it was "suspected" at ${rel(bad!.at, from)} (${JSON.stringify(entry(bad!.state, node))}). What it said over time: ${story(samples, node, from)}. A node is suspected only after FAILURE_TIMEOUT_MS without a successful probe (${SETTINGS}). Read: ${T1_LESSON}`);
}

describeTask('T1', () => {
  // One leader and four followers that all answer /healthz; each test harms one of them and leaves it healthy.
  const cluster = shared(async () => {
    const random = seeded('T1 cluster');
    const epoch = random.int(1, 60);
    const top = random.int(1000, 900_000);
    const leader = await FakeNode.start('n1', { role: 'leader', epoch, position: top, leader: null });
    const followers = await Promise.all(['n2', 'n3', 'n4', 'n5'].map((id) => FakeNode.start(id, { role: 'follower', epoch, position: top - random.int(0, 50), leader: leader.url })));
    const nodes = [leader, ...followers];
    const monitor = await startMonitor(nodes);
    const watched: Watched = { monitor, nodes, seen: false };
    return { monitor, nodes, random, watched };
  });

  it('every node that answers /healthz is up, with the role, epoch and position it reports', async () => {
    const { monitor, nodes, random, watched } = await cluster();
    await settled(watched, undefined, 5000);
    // The view follows what the nodes say.
    const moved = nodes[3]!;
    await moved.healthy({ position: moved.health.position + random.int(1, 40) });
    await waitFor(monitor, nodes, `${moved.id}'s new position ${moved.health.position} to show in /monitor/state`, 3000, (state) => notCurrent(state, moved));
  });

  it(`a killed node is suspected within FAILURE_TIMEOUT_MS, not before, and is up again at its first answer after a restart`, async () => {
    const { monitor, nodes, watched } = await cluster();
    const victim = nodes[1]!;
    const before = await settled(watched, victim);
    const lastSeen = entry(before.state, victim).lastSeenMs!;
    victim.fake.component.signal('SIGKILL');
    const killedAt = Date.now();
    let restarted = false;
    onTestFinished(async () => {
      if (!restarted) await victim.restart();
    });
    const suspected = await waitFor(monitor, nodes, `${victim.id}, killed with SIGKILL, to be "suspected" within FAILURE_TIMEOUT_MS (${SETTINGS})`, F + 2500, (state) => {
      const e = entry(state, victim);
      return e.status === 'suspected' ? undefined : `it is still ${JSON.stringify(e)}`;
    });
    // The monitor's last success with it was at most `lastSeen` ms before `before.sent`; slack for a view computed up to a few probe intervals earlier.
    const earliest = before.sent - lastSeen + F - 150;
    check(suspected.at >= earliest, () => `${victim.id} was killed at +0 ms and /monitor/state already called it "suspected" at ${rel(suspected.at, killedAt)}, but its last successful probe was ${lastSeen} ms before ${rel(before.sent, killedAt)}: FAILURE_TIMEOUT_MS=${F} had not passed. Failed probes alone do not make a suspicion; only FAILURE_TIMEOUT_MS without a successful one does. Read: ${T1_LESSON}`);
    const e = entry(suspected.state, victim);
    check(e.lastSeenMs !== null && e.lastSeenMs >= 0.9 * F, () => `${victim.id} is "suspected", so its last successful probe is at least FAILURE_TIMEOUT_MS=${F} ms old; /monitor/state says lastSeenMs ${e.lastSeenMs} (ms since its last successful probe)`);

    await victim.restart();
    restarted = true;
    await waitFor(monitor, nodes, `${victim.id}, restarted and answering /healthz, to be "up" again at its next successful probe`, 3000, (state) => notCurrent(state, victim));
  });

  it('a node paused (SIGSTOP) for half of FAILURE_TIMEOUT_MS is never suspected', async () => {
    const { monitor, nodes, watched } = await cluster();
    const victim = nodes[2]!;
    await settled(watched, victim);
    const watch = new StateWatch(monitor, nodes);
    onTestFinished(async () => {
      victim.fake.component.signal('SIGCONT');
      await watch.stop().catch(() => undefined);
    });
    await delay(100);
    victim.fake.component.signal('SIGSTOP');
    const pausedAt = Date.now();
    // The pause is the fault itself, not a wait for something: long enough for at least one
    // probe to time out (PROBE_TIMEOUT_MS + PROBE_INTERVAL_MS), well under FAILURE_TIMEOUT_MS.
    await delay(F / 2);
    victim.fake.component.signal('SIGCONT');
    const resumedAt = Date.now();
    await pollUntil(
      () => watch.samples.some((s) => {
        const e = entry(s.state, victim);
        return e.lastSeenMs !== null && s.sent - e.lastSeenMs > resumedAt;
      }),
      { what: `a successful probe of ${victim.id} after it was resumed (SIGCONT), shown as a small lastSeenMs in /monitor/state`, timeoutMs: 3000 },
    );
    await delay(200);
    const samples = await watch.stop();
    neverSuspected(samples.filter((s) => s.sent >= pausedAt - 100), victim, pausedAt, `${victim.id} was paused with SIGSTOP at +0 ms for ${F / 2} ms, half of FAILURE_TIMEOUT_MS=${F}, then resumed`);
  });

  it('a slow node that answers within PROBE_TIMEOUT_MS is never suspected', async () => {
    const { monitor, nodes, watched } = await cluster();
    const slow = nodes[3]!;
    await settled(watched, slow);
    const delayMs = PROBE_TIMEOUT / 2;
    await slow.answer({ body: slow.body(), delayMs });
    onTestFinished(() => slow.healthy());
    const from = Date.now();
    const watch = new StateWatch(monitor, nodes);
    onTestFinished(() => watch.stop().then(() => undefined, () => undefined));
    await delay(F + 500);
    const samples = await watch.stop();
    neverSuspected(samples, slow, from, `${slow.id} answered every /healthz correctly after ${delayMs} ms, within PROBE_TIMEOUT_MS=${PROBE_TIMEOUT}`);
    const answered = (await slow.probes()).filter((p) => p.at >= from && p.status === 200).length;
    check(answered >= 3, `${slow.id} answered only ${answered} probes in ${F + 500} ms; the monitor must keep probing a slow node (about one probe per answer time plus PROBE_INTERVAL_MS)`);
  });

  it('probes of one node never overlap: the next starts only after the last one ended', async () => {
    const { monitor, nodes, watched } = await cluster();
    const slow = nodes[3]!;
    await settled(watched, slow);
    const answerMs = Math.round(PROBE_TIMEOUT * 0.66);
    await slow.answer({ body: slow.body(), delayMs: answerMs });
    onTestFinished(() => slow.healthy());
    const from = Date.now() + 50;
    await pollUntil(async () => (await slow.probes()).filter((p) => p.at >= from).length >= 6, { what: `6 probes of ${slow.id}, which answers /healthz after ${answerMs} ms`, timeoutMs: 6000 });
    const arrivals = (await slow.probes()).filter((p) => p.at >= from).map((p) => p.at);
    const overlapping = arrivals.findIndex((at, i) => i > 0 && at - arrivals[i - 1]! < answerMs - 15);
    check(overlapping < 0, () => `${slow.id} takes ${answerMs} ms to answer each /healthz (within PROBE_TIMEOUT_MS=${PROBE_TIMEOUT}), so a probe must not start while the last one is waiting for its answer; probes arrived at ${arrivals.map((at) => rel(at, arrivals[0]!)).join(', ')}: the one at ${rel(arrivals[overlapping]!, arrivals[0]!)} started while the previous was in flight. Probes that pile up on a struggling node make it slower still. Read: ${T1_LESSON}`);
  });

  it('a node whose /healthz hangs is suspected on time, and up again once it answers (a hung probe is abandoned)', async () => {
    const { monitor, nodes, watched } = await cluster();
    const victim = nodes[4]!;
    await settled(watched, victim);
    await victim.answer({ hang: true });
    onTestFinished(() => victim.healthy());
    await waitFor(monitor, nodes, `${victim.id}, whose /healthz never answers, to be "suspected" within FAILURE_TIMEOUT_MS (${SETTINGS})`, F + 2500, (state) => {
      const e = entry(state, victim);
      return e.status === 'suspected' ? undefined : `it is still ${JSON.stringify(e)}`;
    });
    await victim.healthy();
    await waitFor(
      monitor,
      nodes,
      `${victim.id}, answering /healthz again, to be "up" within ${PROBE_TIMEOUT} ms + a few probe intervals. A probe with no answer must be abandoned after PROBE_TIMEOUT_MS (e.g. fetch with AbortSignal.timeout), or the next probe never starts. Read: ${T1_LESSON}`,
      3000,
      (state) => notCurrent(state, victim),
    );
  });

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
