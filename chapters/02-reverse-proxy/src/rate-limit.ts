// T5 · Per-client rate limiting with a token bucket. Each client (by its socket address) has a
// bucket of RATE_LIMIT_BURST tokens that refills at RATE_LIMIT_PER_SECOND; a request takes one.
// No token left: 429 Too Many Requests with Retry-After, and the request goes no further.
// Lesson: README.md, section "T5 · Per-client rate limiting".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimitConfig } from './config.ts';

export class TokenBucket {
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    // TODO(T5): start full: `capacity` tokens, last updated at `now` (milliseconds).
    void now;
  }

  /** Takes a token: returns 0 when there was one, otherwise the seconds until there will be. */
  take(now: number): number {
    // TODO(T5): first add the tokens earned since the last update (never above capacity).
    void now;
    throw new Error('TODO(T5): TokenBucket.take() is not written yet');
  }
}

/** Lets a request through (true), or answers 429 itself and returns false. */
export type RateLimiter = (req: IncomingMessage, res: ServerResponse) => boolean;

export function rateLimit(config: RateLimitConfig): RateLimiter {
  // TODO(T5): keep one TokenBucket per client address (req.socket.remoteAddress) in a Map and
  // return true when the client's bucket had a token. Otherwise answer 429 with a Retry-After
  // header (whole seconds) and a JSON error (res.writeHead, then res.end), and return false.
  void config;
  return () => true;
}
