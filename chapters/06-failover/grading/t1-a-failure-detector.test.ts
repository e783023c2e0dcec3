// T1, a failure detector: the view of healthy nodes, and nodes that crash, pause or hang.
import { setTimeout as delay } from 'node:timers/promises';
import { check, describeTask, pollUntil } from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { detectorCluster, F, neverSuspected, notCurrent, PROBE_TIMEOUT, settled, SETTINGS, waitFor } from './detector-support.ts';
import { entry, rel, StateWatch, T1_LESSON } from './monitor-support.ts';

describeTask('T1', () => {
  const cluster = detectorCluster('T1 cluster');

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
});
