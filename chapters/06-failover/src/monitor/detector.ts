// T1 · The failure detector. It hears the outcome of every probe and says, for each node, whether
// it is up or suspected: suspected once it has had no successful probe for FAILURE_TIMEOUT_MS
// (counted from the monitor's start for a node never seen), up again at its next successful
// probe. One failed probe is not enough: a node that misses one answer, pauses for less than the
// timeout or answers slowly is alive, and a false alarm here becomes a needless failover in T2.
// Lesson: README.md, section "T1 · A failure detector".
import type { NodeStatus } from './view.ts';

export interface Verdict {
  status: NodeStatus;
  /** Milliseconds since the node's last successful probe; null if it never had one. */
  lastSeenMs: number | null;
}

export class FailureDetector {
  /** `startedAt`: when the monitor started (Date.now()). */
  constructor(
    private readonly failureTimeoutMs: number,
    private readonly startedAt: number = Date.now(),
  ) {}

  /** A probe of `url` ended at `at` (Date.now()); `ok` says whether it succeeded. */
  record(url: string, ok: boolean, at: number = Date.now()): void {
    // TODO(T1): remember what you need to judge `url` later.
    void url;
    void ok;
    void at;
  }

  /** Is `url` up or suspected at `now`, and how long ago was its last successful probe? */
  verdict(url: string, now: number = Date.now()): Verdict {
    // TODO(T1): suspected once `now` is FAILURE_TIMEOUT_MS or more past its last successful
    // probe (past `startedAt` if it never had one); lastSeenMs is null until its first success.
    void url;
    void now;
    void this.failureTimeoutMs;
    void this.startedAt;
    return { status: 'up', lastSeenMs: null };
  }
}
