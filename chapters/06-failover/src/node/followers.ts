// Provided (chapter 05) · What the leader knows about its followers: each log fetch says "I have applied
// everything below `from`" (GET /replication/log?from=...&follower=<id>). The leader's /healthz
// shows this table, and synchronous replication (T6) listens to it.
export interface FollowerState {
  /** The highest position this follower has acknowledged (its `from` - 1). */
  position: number;
  /** When it last fetched, ms since 1970. */
  seenAt: number;
}

export class FollowerTable {
  private readonly states = new Map<string, FollowerState>();
  private readonly listeners = new Set<() => void>();

  /** A fetch from `id` with `from`: it has applied everything up to from - 1. */
  acknowledge(id: string, position: number): void {
    // The latest report wins: a follower rebuilt from an empty directory starts again from 0.
    this.states.set(id, { position, seenAt: Date.now() });
    for (const listener of this.listeners) listener();
  }

  /** Every known follower's latest acknowledgement. */
  all(): ReadonlyMap<string, FollowerState> {
    return this.states;
  }

  /** Calls `listener` after every acknowledgement; returns a function that stops it. */
  onAcknowledge(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  toJSON(): Record<string, FollowerState> {
    return Object.fromEntries(this.states);
  }
}
