// Provided (chapter 05's T3) · A follower refuses writes: it answers them with a redirect to its
// leader and says which leader that is, or 503 when it knows none (it stepped down and no
// monitor has told it whom to follow yet). Reads pass through. A leader's writes go on to the
// fence (T3). Lesson: README.md, "T3 · Epochs and fencing".
import type { RequestHandler } from 'express';
import type { NodeState } from './node-state.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function writeGuard(node: NodeState): RequestHandler {
  return (req, res, next) => {
    if (node.isLeader || READS.has(req.method) || !req.path.startsWith('/api/')) return next();
    const leader = node.leader;
    if (leader === null) {
      return void res.status(503).json({ error: `this node is a follower (epoch ${node.epoch}) that knows no leader yet; try again shortly`, leader: null });
    }
    // 307: the client must repeat the same method with the same body at the leader.
    res
      .status(307)
      .setHeader('Location', `${leader}${req.originalUrl}`)
      .json({ error: `this node is a follower and does not accept writes; send them to the leader at ${leader}`, leader });
  };
}
