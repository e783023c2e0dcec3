// Reference for T4 and T5 · The routing decisions: which requests are writes, how far behind a
// follower is, which followers may serve a read, and the session token a client sends back.
// Everything here is a pure decision over what the health checker recorded: no network.
import type { Cluster, NodeState } from './nodes.ts';

/** T4 · Anything that may change data goes to the leader. Only GET and HEAD are reads. */
export function isWrite(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** T4 · Entries the follower is behind the leader, as last seen (never negative). */
export function lagOf(cluster: Cluster, follower: NodeState): number {
  return Math.max(0, cluster.leader.position - follower.position);
}

export const MIN_POSITION_HEADER = 'x-chirp-min-position';

/**
 * T5 · The client's token: undefined when absent, a number, or an error message. It must be one
 * whole number; a repeated header arrives joined ("5, 7") and is refused like any other
 * malformed value, and so is anything past 2^53, where numbers stop being exact.
 */
export function parseMinPosition(raw: string | string[] | undefined): number | undefined | { error: string } {
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw.join(', ') : raw;
  if (!/^\d{1,15}$/.test(text.trim())) return { error: `X-Chirp-Min-Position must be one whole number (a position you were given), got "${text.slice(0, 40)}"` };
  return Number(text.trim());
}

export class ReadRouter {
  /** Index in cluster.followers where the next search for a follower starts. */
  private next = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly maxLagEntries: number,
  ) {}

  /**
   * T4 + T5 · May this follower serve a read that needs `minPosition`? It answered its last
   * check, it is within the lag bound, and it is known to be at or past the token.
   */
  qualifies(follower: NodeState, minPosition = 0): boolean {
    return follower.up && lagOf(this.cluster, follower) <= this.maxLagEntries && follower.position >= minPosition;
  }

  /**
   * T4 · The follower for the next read, round robin over those that qualify, or undefined
   * when none does (the caller then waits or uses the leader). The turn walks the configured
   * list and skips followers that do not qualify, so a follower that drops out and comes back
   * takes its place in the rotation again and the others' shares stay even.
   */
  pick(minPosition = 0): NodeState | undefined {
    const { followers } = this.cluster;
    for (let step = 0; step < followers.length; step++) {
      const index = (this.next + step) % followers.length;
      const follower = followers[index]!;
      if (this.qualifies(follower, minPosition)) {
        this.next = index + 1;
        return follower;
      }
    }
    return undefined;
  }

  /** T5 · Is waiting worth it? Only while some follower answers and may still catch up. */
  mayCatchUp(): boolean {
    return this.cluster.followers.some((follower) => follower.up);
  }
}
