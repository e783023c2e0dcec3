// Provided (chapter 05's T6) · Synchronous replication on the leader: with SYNC_REPLICAS=K, a
// write is answered only once K distinct followers have applied it, or with 503 after
// SYNC_TIMEOUT_MS. With K=0 it is answered at once (asynchronous). Chapter 05's lesson, "T6 ·
// Synchronous and asynchronous replication", tells why.
import { HttpError } from '@scaling-lab/chirp';
import type { FollowerTable } from './followers.ts';

interface Waiter {
  seq: number;
  done: (error?: Error) => void;
}

export class SyncReplication {
  private waiters = new Set<Waiter>();

  constructor(
    private readonly followers: FollowerTable,
    private readonly options: { replicas: number; timeoutMs: number },
  ) {
    // Each fetch acknowledges a position: re-check the waiting writes then, not on a timer.
    followers.onAcknowledge(() => this.release());
  }

  /** Resolves once `replicas` followers have applied `seq`; rejects with a 503 after the timeout. */
  waitFor(seq: number): Promise<void> {
    if (this.acknowledged(seq)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        seq,
        done: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      // 503 means "unknown", not "failed": the write is committed in the leader's log and will
      // still reach the followers once they can fetch again. The client must not assume it was lost.
      const timer = setTimeout(
        () => waiter.done(new HttpError(503, `write ${seq} is committed on the leader but fewer than ${this.options.replicas} follower(s) confirmed it within ${this.options.timeoutMs} ms; it may still replicate`)),
        this.options.timeoutMs,
      );
      this.waiters.add(waiter);
    });
  }

  /** K distinct followers whose latest fetch started after `seq` (from > seq means seq is applied). */
  private acknowledged(seq: number): boolean {
    if (this.options.replicas === 0) return true;
    let count = 0;
    for (const state of this.followers.all().values()) if (state.position >= seq) count++;
    return count >= this.options.replicas;
  }

  private release(): void {
    for (const waiter of this.waiters) if (this.acknowledged(waiter.seq)) waiter.done();
  }
}
