// T3 · A follower refuses writes: it answers them with a redirect to its leader and says which
// leader that is. Reads pass through and are served from the local copy. Lesson: README.md,
// "T3 · Followers refuse writes".
import type { RequestHandler } from 'express';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function writeGuard(leaderUrl: string): RequestHandler {
  return (req, res, next) => {
    if (READS.has(req.method) || !req.path.startsWith('/api/')) return next();
    // 307, not 302 or 303: the client must repeat the same method with the same body at the
    // leader (a 302 lets clients turn a POST into a GET). originalUrl keeps path and query.
    res
      .status(307)
      .setHeader('Location', `${leaderUrl}${req.originalUrl}`)
      .json({ error: `this node is a follower and does not accept writes; send them to the leader at ${leaderUrl}`, leader: leaderUrl });
  };
}
