// T3 · A follower refuses writes: it answers them with a redirect to its leader and says which
// leader that is. Reads pass through and are served from the local copy. main.ts mounts this
// before the Chirp routes (and before the body is parsed) when ROLE=follower.
// Lesson: README.md, "T3 · Followers refuse writes".
import type { RequestHandler } from 'express';

export function writeGuard(leaderUrl: string): RequestHandler {
  return (req, res, next) => {
    // TODO(T3): answer every write (a method other than GET, HEAD, OPTIONS) under /api/ with
    // 307, Location: leaderUrl + the original path and query, and the JSON body
    // {"error": "...", "leader": leaderUrl}. Let everything else through with next().
    void [leaderUrl, req, res];
    next();
  };
}
