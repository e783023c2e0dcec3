// T4 and T5 · The routing decisions: which requests are writes, how far behind a follower is,
// which followers may serve a read, and the session token a client sends back. Everything here
// decides from what the health checker recorded: no network.
// Lesson: README.md, sections "T4 · A read/write router" and "T5 · Read-your-writes and monotonic reads".
import type { Cluster, NodeState } from './nodes.ts';

/** T4 · Does this request go to the leader? */
export function isWrite(method: string | undefined): boolean {
  // TODO(T4): only GET and HEAD are reads; every other method (POST, DELETE, PUT, PATCH, and
  // methods you have never heard of) may change data and goes to the leader.
  void method;
  return true;
}

/** T4 · How many log entries the follower is behind the leader, as last seen. */
export function lagOf(cluster: Cluster, follower: NodeState): number {
  // TODO(T4): the leader's position minus the follower's, never below 0.
  void cluster;
  void follower;
  throw new Error('TODO(T4): lagOf');
}

export const MIN_POSITION_HEADER = 'x-chirp-min-position';

/** T5 · The client's token: undefined when absent, the position, or `{ error }` for a bad value (answer 400). */
export function parseMinPosition(raw: string | string[] | undefined): number | undefined | { error: string } {
  // TODO(T5): accept exactly one whole number (digits only, at most 15 of them so it stays
  // exact); refuse "-1", "abc", "1e99", "5, 7" (a repeated header arrives joined) and anything
  // huge with an error message that names the header.
  void raw;
  return undefined;
}

export class ReadRouter {
  constructor(
    private readonly cluster: Cluster,
    private readonly maxLagEntries: number,
  ) {}

  /** T4 + T5 · May this follower serve a read that needs `minPosition`? */
  qualifies(follower: NodeState, minPosition = 0): boolean {
    // TODO(T4): it answered its last health check and its lag is within maxLagEntries.
    // TODO(T5): and it is known to be at or past `minPosition`.
    void follower;
    void minPosition;
    throw new Error('TODO(T4): qualifies');
  }

  /** T4 · The follower for the next read, or undefined when none qualifies (use the leader). */
  pick(minPosition = 0): NodeState | undefined {
    // TODO(T4): round robin over `this.cluster.followers` that qualify: keep the turn in the
    // object, walk the configured list from it, skip those that do not qualify. Followers that
    // drop out and come back then take their old place and shares stay even.
    void minPosition;
    void this.maxLagEntries;
    return undefined;
  }

  /** T5 · Is waiting for a follower to catch up worth it? */
  mayCatchUp(): boolean {
    // TODO(T5): only while some follower answers its health checks.
    return false;
  }
}
