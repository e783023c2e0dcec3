// T5 · Is it safe to promote now? With SYNC_REPLICAS=K, the leader acknowledged a write only once
// K followers had it. So among the F followers, any F - K + 1 of them include at least one that
// holds every acknowledged write (the two groups must overlap: K + (F - K + 1) > F), and the most
// advanced of those holds them all. Seeing fewer, the monitor cannot tell whether the write sits
// only on the followers it cannot see: it waits (consistency) rather than promote (availability).
// With K = 0 nothing protects the writes the leader had not shipped, so any up follower will do.
// Lesson: README.md, "T5 · No acknowledged write lost".
import type { NodeView } from './view.ts';

export interface SafetyVerdict {
  safe: boolean;
  /** Why not (or what made it safe), in words for the monitor's log and GET /monitor/state. */
  reason: string;
}

/**
 * May the monitor promote one of the up followers in place of `formerLeader` without losing an
 * acknowledged write? `nodes` is the whole view, the former leader included.
 */
export function promotionIsSafe(nodes: readonly NodeView[], formerLeader: string | null, syncReplicas: number): SafetyVerdict {
  const followers = nodes.filter((node) => node.url !== formerLeader);
  const up = followers.filter((node) => node.status === 'up' && node.role === 'follower').length;
  if (syncReplicas === 0) {
    return up > 0 ? { safe: true, reason: `asynchronous replication: ${up} up follower(s), the most advanced one leads` } : { safe: false, reason: 'no follower is up' };
  }
  // Never more than there are followers: with K = F every follower has every write, one suffices.
  const needed = Math.max(1, followers.length - syncReplicas + 1);
  if (up >= needed) return { safe: true, reason: `${up} of ${followers.length} followers up; with SYNC_REPLICAS=${syncReplicas} any ${needed} include one with every acknowledged write` };
  return {
    safe: false,
    reason: `only ${up} of ${followers.length} followers up; with SYNC_REPLICAS=${syncReplicas} an acknowledged write may be on the others alone, so ${needed} must be up to promote without losing it`,
  };
}
