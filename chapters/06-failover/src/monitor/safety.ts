// T5 · Is it safe to promote now? With SYNC_REPLICAS=K, the leader acknowledged a write only once
// K followers had it. Decide whether the followers the monitor can see are enough to be sure that
// one of them holds every acknowledged write; if not, the failover round must wait rather than
// promote. Until you write this, every promotion counts as safe.
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
  // TODO(T5): count the up followers (every node but the former leader). With syncReplicas = 0,
  // one is enough. With K >= 1 and F followers, ask for F - K + 1 of them (at least 1): any that
  // many include one that applied every acknowledged write. Say why in `reason`.
  void nodes;
  void formerLeader;
  void syncReplicas;
  return { safe: true, reason: 'TODO(T5): not checked yet' };
}
