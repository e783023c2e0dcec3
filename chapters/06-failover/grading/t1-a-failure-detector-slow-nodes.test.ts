// T1, a failure detector: slow nodes are not failed nodes, and probes never pile up on them.
import { setTimeout as delay } from 'node:timers/promises';
import { check, describeTask, pollUntil } from '@scaling-lab/grader/harness';
import { it, onTestFinished } from 'vitest';
import { detectorCluster, F, neverSuspected, PROBE_TIMEOUT, settled } from './detector-support.ts';
import { rel, StateWatch, T1_LESSON } from './monitor-support.ts';

describeTask('T1', () => {
  const cluster = detectorCluster('T1 cluster (slow nodes)');

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
    const { nodes, watched } = await cluster();
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
});
