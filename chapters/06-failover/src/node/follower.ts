// Provided (chapter 05's T2, with epochs) · The follower's loop: long-poll the leader for the
// entries after its position, apply them, repeat; back off when the leader cannot be reached.
// Two checks are new: the fence (T3) refuses the entries of a leader from an older epoch, and
// the leader's `prevEpoch` says whether this node's log agrees with the leader's up to here. If
// it does not (a former leader that wrote past the promotion), the node resyncs from a snapshot.
// Lesson: README.md, "T2 · Promotion with a line of succession".
import { setTimeout as sleep } from 'node:timers/promises';
import type { Applier } from './apply.ts';
import type { Fence } from './fencing.ts';
import type { LeaderClient } from './leader-client.ts';
import type { NodeState } from './node-state.ts';
import type { PositionWatch } from './positions.ts';

export interface FollowerOptions {
  leader: LeaderClient;
  applier: Applier;
  positions: PositionWatch;
  node: NodeState;
  fence: Fence;
  /** The epoch of this node's entry at its position. */
  lastEpoch: () => number;
  /** FETCH_WAIT_MS: how long one long poll may wait at the leader. */
  fetchWaitMs: number;
  /** Replaces the local copy with the leader's snapshot; resolves with its position. */
  bootstrap: (signal: AbortSignal) => Promise<number>;
}

/** What /healthz adds on a follower (the position itself is the node's, added by main.ts). */
export interface FollowerHealth {
  lag: { entries: number; ms: number };
}

const MIN_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 1000;

export class Follower {
  private readonly stopping = new AbortController();
  private leaderPosition = 0;
  private caughtUpAt = Date.now();
  private answeredAt = 0;

  constructor(private readonly options: FollowerOptions) {}

  get leaderUrl(): string {
    return this.options.leader.leaderUrl;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopping.abort();
  }

  health(): FollowerHealth {
    const position = this.options.positions.current;
    const entries = Math.max(0, this.leaderPosition - position);
    const fresh = Date.now() - this.answeredAt <= this.options.fetchWaitMs + 1000;
    return { lag: { entries, ms: entries === 0 && fresh ? 0 : Date.now() - this.caughtUpAt } };
  }

  private async run(): Promise<void> {
    const { leader, applier, positions, node, fence, fetchWaitMs } = this.options;
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const answer = await leader.fetchLog(positions.current + 1, node.epoch, fetchWaitMs, signal);
        if (signal.aborted) return; // re-pointed while the poll was out: its answer is not ours to apply
        if (answer.kind === 'gone') {
          // The leader cannot vouch for our last entry: truncated, or we are past its end.
          positions.reset(await this.options.bootstrap(signal));
        } else if (!fence.acceptAnswer(answer.epoch)) {
          throw new Error(`the leader at ${leader.leaderUrl} is in epoch ${answer.epoch}, older than this node's ${node.epoch}: its entries are not applied`);
        } else if (answer.prevEpoch !== this.options.lastEpoch()) {
          // Our entry at this position came from another epoch than the leader's: our logs
          // parted. Only a copy of the leader's state makes this node agree with it again.
          console.log(`follower: my entry ${positions.current} is from epoch ${this.options.lastEpoch()}, the leader's from epoch ${answer.prevEpoch}: resyncing`);
          positions.reset(await this.options.bootstrap(signal));
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
        failures++;
        if (failures === 1) console.error(`follower: cannot replicate from ${leader.leaderUrl}: ${(error as Error).message}`);
        const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (failures - 1));
        await sleep(backoff / 2 + Math.random() * (backoff / 2), undefined, { signal }).catch(() => {});
      }
    }
  }
}
