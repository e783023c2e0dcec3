// T3 · Epochs and fencing. Every promotion starts a new epoch, and every message that matters
// carries one: writes (X-Chirp-Epoch), promotions, re-points, log fetches and their answers.
// The rule is the same everywhere: a newer epoch wins and is remembered for good; an older one
// is refused. A former leader that wakes up after a pause therefore cannot acknowledge a write
// once anyone has shown it the new epoch. Lesson: README.md, "T3 · Epochs and fencing".
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

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// One value of 1 to 15 digits: no sign, no exponent, no spaces, no "2, 2" from a repeated header.
const EPOCH = /^[0-9]{1,15}$/;

export class Fence {
  constructor(private readonly node: NodeState) {}

  /**
   * Writes on a leader must carry X-Chirp-Epoch equal to the node's epoch. Mounted after the
   * follower's write guard, so only a leader's writes reach it.
   */
  guardWrites(): RequestHandler {
    return (req, res, next) => {
      if (!WRITES.has(req.method) || !req.path.startsWith('/api/')) return next();
      const raw = req.headers['x-chirp-epoch'];
      if (typeof raw !== 'string' || !EPOCH.test(raw)) {
        return void res.status(400).json({ error: `a write must carry X-Chirp-Epoch: the leader's epoch as one whole number (this node's is ${this.node.epoch}), got ${raw === undefined ? 'none' : JSON.stringify(String(raw).slice(0, 40))}` });
      }
      const epoch = Number(raw);
      const mine = this.node.epoch;
      if (epoch === mine) return next();
      if (epoch > mine) {
        // The client has heard of a newer leader than me: I have been replaced. Remember the
        // epoch (durably) and step down before answering, so that no later write gets through.
        this.node.adopt(epoch);
        return void res.status(409).json({ error: `epoch ${epoch} is newer than mine (${mine}): another node leads now, so this one stepped down`, epoch: this.node.epoch });
      }
      res.status(409).json({ error: `epoch ${epoch} is older than this node's epoch ${mine}: refresh your view of the leader`, epoch: mine });
    };
  }

  /** A promotion must start a newer epoch than any this node has seen. */
  checkPromote(epoch: number): void {
    if (epoch <= this.node.epoch) throw new StaleEpoch(`cannot lead epoch ${epoch}: this node has already seen epoch ${this.node.epoch}`, this.node.epoch);
  }

  /** Following is allowed in this node's epoch or a newer one, but a leader steps down only for a newer one. */
  checkFollow(epoch: number): void {
    const mine = this.node.epoch;
    if (epoch < mine) throw new StaleEpoch(`cannot follow in epoch ${epoch}: this node has already seen epoch ${mine}`, mine);
    if (epoch === mine && this.node.isLeader) throw new StaleEpoch(`this node leads epoch ${mine}; only a newer epoch replaces it`, mine);
  }

  /** Leader side of a log fetch: a follower that knows a newer epoch means I was replaced. */
  checkFetch(followerEpoch: number): void {
    if (!this.node.isLeader || followerEpoch <= this.node.epoch) return;
    this.node.adopt(followerEpoch);
    throw new StaleEpoch(`a follower is in epoch ${followerEpoch}, newer than this leader's: stepped down`, this.node.epoch);
  }

  /** Follower side: may the entries of a leader in `leaderEpoch` be applied? */
  acceptAnswer(leaderEpoch: number): boolean {
    // A leader from an older epoch is a ghost: whatever it sends may be gone from the real log.
    if (leaderEpoch < this.node.epoch) return false;
    this.node.adopt(leaderEpoch);
    return true;
  }
}
