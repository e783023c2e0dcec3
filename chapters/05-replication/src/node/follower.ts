// T2 · The follower's loop: long-poll the leader for the entries after its position, apply
// them, repeat; back off when the leader cannot be reached; bootstrap from a snapshot when the
// leader answers 410 (T7). main.ts starts it when ROLE=follower.
// Lesson: README.md, "T2 · Followers that apply the log".
import type { Applier } from './apply.ts';
import type { LeaderClient } from './leader-client.ts';
import type { PositionWatch } from './positions.ts';

export interface FollowerOptions {
  leader: LeaderClient;
  applier: Applier;
  positions: PositionWatch;
  /** FETCH_WAIT_MS: how long one long poll may wait at the leader. */
  fetchWaitMs: number;
  /** T7: replace the local copy with the leader's snapshot; resolves with its position. */
  bootstrap: (signal: AbortSignal) => Promise<number>;
}

/** What /healthz adds on a follower (the position itself is the node's, added by main.ts). */
export interface FollowerHealth {
  lag: { entries: number; ms: number };
}

export class Follower {
  constructor(private readonly options: FollowerOptions) {}

  start(): void {
    // TODO(T2): run a loop until stop(): leader.fetchLog(position + 1, fetchWaitMs, signal);
    // apply the entries (applier.apply) and positions.advance() to the result; on
    // {kind: 'gone'} call options.bootstrap; on an error wait (longer each time, with a cap)
    // and try again. The loop must never die and never spin hot.
    void this.options;
  }

  stop(): void {
    // TODO(T2): end the loop and abort the fetch in flight (an AbortController).
  }

  health(): FollowerHealth {
    // TODO(T2): lag.entries = the leader's position (from its last answer) - yours;
    // lag.ms = 0 when caught up, else how long since you last were.
    return { lag: { entries: 0, ms: 0 } };
  }
}
