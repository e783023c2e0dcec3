// Reference for T2 · Who leads, and who is next. Both are pure functions of the monitor's view,
// so they can be read (and tested) without a cluster.
import type { NodeView } from './view.ts';

/**
 * The leader: the up node that says it is the leader, with the highest epoch. Two nodes can
 * both claim leadership for a while (a former leader back from a pause that has not heard of the
 * new epoch yet); the higher epoch is the one the cluster chose last.
 */
export function currentLeader(nodes: readonly NodeView[]): NodeView | undefined {
  let leader: NodeView | undefined;
  for (const node of nodes) {
    if (node.status !== 'up' || node.role !== 'leader' || node.epoch === null) continue;
    if (leader === undefined || node.epoch > leader.epoch!) leader = node;
  }
  return leader;
}

/**
 * The follower to promote: among the up followers, the one that has applied the most of the
 * log (it loses the fewest acknowledged writes); a tie goes to the node listed first in NODES,
 * so every monitor reading the same view makes the same choice. `nodes` is in NODES order.
 */
export function chooseSuccessor(nodes: readonly NodeView[]): NodeView | undefined {
  let best: NodeView | undefined;
  for (const node of nodes) {
    if (node.status !== 'up' || node.role !== 'follower' || node.position === null) continue;
    // Strictly greater: an equal position later in the list does not displace an earlier one.
    if (best === undefined || node.position > best.position!) best = node;
  }
  return best;
}
