// T2 · Who leads, and who is next. Two pure functions of the monitor's view (`nodes`, in NODES
// order): the failover round (failover.ts) calls them to decide what to do.
// Lesson: README.md, section "T2 · Promotion with a line of succession".
import type { NodeView } from './view.ts';

/** The leader: the up node that reports role "leader" with the highest epoch; undefined if none. */
export function currentLeader(nodes: readonly NodeView[]): NodeView | undefined {
  // TODO(T2): among the nodes with status "up" and role "leader", return the highest epoch.
  void nodes;
  throw new Error('TODO(T2): currentLeader() is not written yet');
}

/**
 * The follower to promote: among up followers, the highest position; a tie goes to the node
 * listed first in NODES. Undefined if no up follower is known.
 */
export function chooseSuccessor(nodes: readonly NodeView[]): NodeView | undefined {
  // TODO(T2): positions are numbers: compare them as numbers; keep the first of equals.
  void nodes;
  throw new Error('TODO(T2): chooseSuccessor() is not written yet');
}
