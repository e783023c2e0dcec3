// T2 · The follower's loop: long-poll the leader for the entries after its position, apply
// them, repeat; back off when the leader cannot be reached; bootstrap from a snapshot when the
// leader no longer has the entries it needs (T7). Lesson: README.md, "T2 · Followers that apply
// the log".
import { setTimeout as sleep } from 'node:timers/promises';
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

const MIN_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 2000;

export class Follower {
  private readonly stopping = new AbortController();
  private leaderPosition = 0;
  /** The last time an answer showed this follower had everything, and the last answer at all. */
  private caughtUpAt = Date.now();
  private answeredAt = 0;

  constructor(private readonly options: FollowerOptions) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopping.abort();
  }

  health(): FollowerHealth {
    const position = this.options.positions.current;
    const entries = Math.max(0, this.leaderPosition - position);
    // Caught up as of a recent answer: no lag. Otherwise: how long since it last was.
    const fresh = Date.now() - this.answeredAt <= this.options.fetchWaitMs + 1000;
    return { lag: { entries, ms: entries === 0 && fresh ? 0 : Date.now() - this.caughtUpAt } };
  }

  private async run(): Promise<void> {
    const { leader, applier, positions, fetchWaitMs } = this.options;
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        // Long poll: the leader holds the request until there is an entry (or fetchWaitMs
        // passes), so a new write reaches us in one round trip, without polling hot.
        const answer = await leader.fetchLog(positions.current + 1, fetchWaitMs, signal);
        if (answer.kind === 'gone') {
          positions.advance(await this.options.bootstrap(signal));
        } else {
          positions.advance(applier.apply(answer.entries));
          this.leaderPosition = answer.position;
          this.answeredAt = Date.now();
          if (positions.current >= answer.position) this.caughtUpAt = this.answeredAt;
        }
        if (failures > 0) console.log(`follower: reached the leader again at ${leader.leaderUrl}`);
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        // The leader is down, slow or partitioned: wait longer after each failure (with jitter,
        // so many followers do not retry in step), never give up, never spin.
        failures++;
        if (failures === 1) console.error(`follower: cannot replicate from ${leader.leaderUrl}: ${(error as Error).message}`);
        const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (failures - 1));
        await sleep(backoff / 2 + Math.random() * (backoff / 2), undefined, { signal }).catch(() => {});
      }
    }
  }
}
