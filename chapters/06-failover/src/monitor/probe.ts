// T1 · The monitor's eyes. A probe asks one node GET /healthz and must give up after
// PROBE_TIMEOUT_MS: a paused or overloaded node accepts the connection and never answers. Only
// a 200 whose body is a JSON object with role "leader" or "follower" and whole-number epoch and
// position is a success; anything else (a 500, garbage, a refused connection, a timeout) is a
// failed probe. Each node is probed on its own loop, with at most one probe in flight.
// Lesson: README.md, section "T1 · A failure detector".
import type { NodeHealth } from './view.ts';

export type ProbeResult = { ok: true; health: NodeHealth } | { ok: false; error: string };

export interface ProbeSettings {
  /** Wait this long after a probe ends before starting the next. */
  intervalMs: number;
  /** Abandon a probe that has no complete answer after this long. */
  timeoutMs: number;
}

/** Probes one node once. Never throws: every way of not answering is `{ ok: false, error }`. */
export async function probe(url: string, timeoutMs: number): Promise<ProbeResult> {
  // TODO(T1): GET `${url}/healthz`, abandoned after `timeoutMs` (body included). Succeed only
  // with status 200 and a JSON object whose role is "leader" or "follower" and whose epoch and
  // position are whole numbers (>= 0); take `leader` as a string or null. Turn every other
  // answer, and every error, into { ok: false, error: <why> }.
  void url;
  void timeoutMs;
  return { ok: false, error: 'TODO(T1): probe() is not written yet' };
}

/**
 * Probes `url` now and then again `intervalMs` after each probe ends, calling `onResult` with
 * every result, until the returned function is called.
 */
export function probeEvery(url: string, settings: ProbeSettings, onResult: (result: ProbeResult) => void): () => void {
  // TODO(T1): start the next probe only once the previous one has settled, so probes of one
  // node never pile up; stop scheduling (and clear your timer) when the returned function runs.
  void url;
  void settings;
  void onResult;
  return () => {};
}
