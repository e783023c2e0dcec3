// Reference for T1 · The failure detector: a node is suspected once it has gone
// FAILURE_TIMEOUT_MS without a successful probe. Only time decides, never one failed probe: a
// node that drops one answer, pauses briefly or answers slowly is alive, and a false alarm here
// becomes a needless failover in T2.
import type { NodeStatus } from './view.ts';

export interface Verdict {
  status: NodeStatus;
  /** Milliseconds since the node's last successful probe; null if it never had one. */
  lastSeenMs: number | null;
}

export class FailureDetector {
  /** Date.now() of each node's last successful probe. */
  private readonly lastSuccess = new Map<string, number>();

  /**
   * `startedAt`: when the monitor started. A node never seen is judged from then, so a node that
   * is dead from the start is suspected once the timeout has passed, not trusted forever.
   */
  constructor(
    private readonly failureTimeoutMs: number,
    private readonly startedAt: number = Date.now(),
  ) {}

  /** A probe of `url` ended at `at`; `ok` says whether it succeeded. */
  record(url: string, ok: boolean, at: number = Date.now()): void {
    // A failure changes nothing by itself: it only fails to reset the clock.
    if (ok) this.lastSuccess.set(url, Math.max(at, this.lastSuccess.get(url) ?? at));
  }

  /** Is `url` up or suspected at `now`, and since when has it been silent? */
  verdict(url: string, now: number = Date.now()): Verdict {
    const last = this.lastSuccess.get(url);
    const silentMs = now - (last ?? this.startedAt);
    return {
      status: silentMs >= this.failureTimeoutMs ? 'suspected' : 'up',
      lastSeenMs: last === undefined ? null : Math.max(0, now - last),
    };
  }
}
