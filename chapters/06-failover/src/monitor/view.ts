// Provided · what the monitor knows about each node, as every part of it shares it: the probe
// (T1) says what a node answered, the failure detector (T1) whether it is up or suspected, and
// the failover logic (T2) reads the resulting view. Nothing here talks to the network.

export type Role = 'leader' | 'follower';

/** What a node said about itself in a valid GET /healthz answer. */
export interface NodeHealth {
  role: Role;
  /** The node's current epoch (0 for a new follower that has not heard from a leader yet). */
  epoch: number;
  /** The position of the last log entry the node has applied. */
  position: number;
  /** Whom a follower follows (an origin), or null: a leader, or a follower that knows no leader. */
  leader: string | null;
}

export type NodeStatus = 'up' | 'suspected';

/**
 * One node as the monitor sees it now: its status from the failure detector, and what its last
 * successful probe said (all null until it has answered one). The monitor's GET /monitor/state
 * lists exactly these objects, in NODES order.
 */
export interface NodeView {
  /** Its origin, as written in NODES (e.g. "http://127.0.0.1:4001"). */
  url: string;
  status: NodeStatus;
  role: Role | null;
  epoch: number | null;
  position: number | null;
  leader: string | null;
  /** Milliseconds since its last successful probe; null if it never had one. */
  lastSeenMs: number | null;
}

/** One promotion the monitor carried out. */
export interface FailoverRecord {
  /** The epoch the new leader was promoted in. */
  epoch: number;
  /** The leader it replaced (null if none was known). */
  from: string | null;
  /** The promoted node. */
  to: string;
  /** When the promotion was acknowledged, as Date.now(). */
  at: number;
}
