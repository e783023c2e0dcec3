// Provided · what the router knows about each node. The health checker (T4) writes it; the
// routing decisions (T4, T5) read it. Nothing here talks to the network.

export type Role = 'leader' | 'follower';

export interface NodeState {
  /** Origin of the node, e.g. "http://127.0.0.1:4002". */
  readonly url: string;
  /** The role the router was configured with (LEADER_URL or FOLLOWER_URLS). */
  readonly role: Role;
  /** Did the node answer its last /healthz check with a valid body and the expected role? */
  up: boolean;
  /** The position its last valid /healthz reported (0 until one was seen). */
  position: number;
  /** Date.now() of its last valid /healthz, 0 if never. */
  seenAt: number;
  /** Requests forwarded to it, and those that failed (for the router's own /__router/nodes). */
  requests: number;
  failures: number;
}

export function newNode(url: string, role: Role): NodeState {
  return { url, role, up: false, position: 0, seenAt: 0, requests: 0, failures: 0 };
}

/** The leader and the followers, as configured; their states change in place. */
export class Cluster {
  readonly leader: NodeState;
  readonly followers: readonly NodeState[];

  constructor(leaderUrl: string, followerUrls: readonly string[]) {
    this.leader = newNode(leaderUrl, 'leader');
    this.followers = followerUrls.map((url) => newNode(url, 'follower'));
  }

  get all(): NodeState[] {
    return [this.leader, ...this.followers];
  }

  /** What the router knows, as JSON: served at GET /__router/nodes to help you debug. */
  describe(): unknown {
    return this.all.map(({ url, role, up, position, seenAt, requests, failures }) => ({ url, role, up, position, seenAt, requests, failures }));
  }
}
