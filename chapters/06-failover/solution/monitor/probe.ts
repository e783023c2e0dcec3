// Reference for T1 · The monitor's eyes: one probe is one GET /healthz with a deadline, and each
// node is probed on its own loop that never has two probes in flight.
import type { NodeHealth } from './view.ts';

export type ProbeResult = { ok: true; health: NodeHealth } | { ok: false; error: string };

export interface ProbeSettings {
  /** Wait this long after a probe ends before starting the next. */
  intervalMs: number;
  /** Abandon a probe that has no complete answer after this long. */
  timeoutMs: number;
}

/** A whole number as JSON can carry it exactly: 0, 1, 2, ... up to 2^53 - 1. */
function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * What a /healthz body says, or undefined if it is not a node's answer. Strict on purpose: a
 * proxy's error page, a half-started process or a different program on the port must never
 * count as a live node, or the monitor would keep a dead leader.
 */
export function parseHealth(body: unknown): NodeHealth | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { role, epoch, position, leader } = body as Record<string, unknown>;
  if (role !== 'leader' && role !== 'follower') return undefined;
  if (!isWhole(epoch) || !isWhole(position)) return undefined;
  return { role, epoch, position, leader: role === 'follower' && typeof leader === 'string' ? leader : null };
}

/** Probes one node once. Never throws: every way of not answering is a failed probe. */
export async function probe(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    // The deadline covers the whole answer, body included: a node that sends its headers and
    // then stops is as dead as one that sends nothing.
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) {
      await res.body?.cancel();
      return { ok: false, error: `answered ${res.status}` };
    }
    const health = parseHealth(await res.json());
    return health ? { ok: true, health } : { ok: false, error: 'answered 200 without a role, a whole-number epoch and position' };
  } catch (error) {
    // Refused, reset, timed out, or not JSON.
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return { ok: false, error: reason instanceof Error ? reason.message : String(reason) };
  }
}

/**
 * Probes `url` now and then again `intervalMs` after each probe ends, calling `onResult` with
 * every result, until the returned function is called. The next probe is scheduled only once the
 * previous one has settled (answered, failed or timed out), so probes of one node never pile up
 * on a node that is already struggling.
 */
export function probeEvery(url: string, settings: ProbeSettings, onResult: (result: ProbeResult) => void): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    const result = await probe(url, settings.timeoutMs);
    if (stopped) return;
    onResult(result);
    timer = setTimeout(() => void loop(), settings.intervalMs);
  };
  void loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
