// T6 · Synchronous replication on the leader: with SYNC_REPLICAS=K, a write is answered only
// once K distinct followers have applied it, or with 503 after SYNC_TIMEOUT_MS. With K=0 it is
// answered at once (asynchronous). NodeStore calls waitFor(seq) after each committed write.
// Lesson: README.md, "T6 · Synchronous and asynchronous replication".
import type { FollowerTable } from './followers.ts';

export class SyncReplication {
  constructor(
    private readonly followers: FollowerTable,
    private readonly options: { replicas: number; timeoutMs: number },
  ) {}

  /** Resolves once `replicas` followers have applied `seq`; rejects with a 503 HttpError after the timeout. */
  async waitFor(seq: number): Promise<void> {
    // TODO(T6): count the followers whose acknowledged position (followers.all()) is at least
    // seq; wait for more (followers.onAcknowledge) until options.replicas of them have it, or
    // reject with new HttpError(503, ...) after options.timeoutMs. With replicas 0: resolve.
    void [seq, this.followers, this.options];
  }
}
