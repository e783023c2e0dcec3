// T3 · Epochs and fencing. Every promotion starts a new epoch, and every message that matters
// carries one: writes (X-Chirp-Epoch), promotions, re-points, log fetches and their answers.
// A newer epoch wins and is remembered for good (NodeState saves it); an older one is refused.
// Until you write this file the node fences nothing: every write, promotion and re-point is
// accepted, whatever its epoch. Lesson: README.md, "T3 · Epochs and fencing".
import type { RequestHandler } from 'express';
import type { NodeState } from './node-state.ts';

/** Thrown when a message carries an epoch this node must refuse; the control API answers 409. */
export class StaleEpoch extends Error {
  constructor(
    message: string,
    /** The node's epoch, for the answer's body. */
    readonly epoch: number,
  ) {
    super(message);
  }
}

export class Fence {
  constructor(private readonly node: NodeState) {}

  /**
   * Writes on a leader must carry X-Chirp-Epoch equal to the node's epoch. Mounted after the
   * follower's write guard, so only a leader's writes reach it.
   */
  guardWrites(): RequestHandler {
    return (_req, _res, next) => {
      // TODO(T3): for POST, PUT, PATCH and DELETE under /api/: read X-Chirp-Epoch; answer 400
      // {error} unless it is one value of 1-15 digits. Equal to this.node.epoch: next(). Lower:
      // 409 {error, epoch}. Higher: this.node.adopt(it) (the node steps down), then 409.
      next();
    };
  }

  /** A promotion must start a newer epoch than any this node has seen. */
  checkPromote(epoch: number): void {
    // TODO(T3): throw new StaleEpoch(...) unless `epoch` is higher than this.node.epoch.
    void epoch;
  }

  /** Following is allowed in this node's epoch or a newer one, but a leader steps down only for a newer one. */
  checkFollow(epoch: number): void {
    // TODO(T3): throw new StaleEpoch(...) if `epoch` is lower than this.node.epoch, or equal
    // while this node is the leader.
    void epoch;
  }

  /** Leader side of a log fetch: a follower that knows a newer epoch means I was replaced. */
  checkFetch(followerEpoch: number): void {
    // TODO(T3): on a leader, a higher followerEpoch: adopt it (step down) and throw StaleEpoch.
    void followerEpoch;
  }

  /** Follower side: may the entries of a leader in `leaderEpoch` be applied? */
  acceptAnswer(leaderEpoch: number): boolean {
    // TODO(T3): false for an epoch older than this.node.epoch; otherwise adopt it and say true.
    void leaderEpoch;
    return true;
  }
}
