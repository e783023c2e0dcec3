// Reference for T5: a token bucket per client address. Each client may send a burst of
// RATE_LIMIT_BURST requests, then RATE_LIMIT_PER_SECOND on average; one greedy client cannot
// starve the others, because each has its own bucket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimitConfig } from './config.ts';

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Tokens are added lazily, as time passes, when the bucket is looked at: no timers. */
  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
  }

  /** Takes a token: returns 0 when there was one, otherwise the seconds until there will be. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return (1 - this.tokens) / this.perSecond;
  }

  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }
}

/** How often buckets that have refilled completely are forgotten (a full bucket = a new one). */
const SWEEP_MS = 60_000;

/** Lets a request through (true), or answers 429 itself and returns false. */
export type RateLimiter = (req: IncomingMessage, res: ServerResponse) => boolean;

export function rateLimit(config: RateLimitConfig): RateLimiter {
  const buckets = new Map<string, TokenBucket>();
  // performance.now() never jumps when the wall clock is corrected.
  const now = () => performance.now();
  setInterval(() => {
    for (const [key, bucket] of buckets) if (bucket.isFull(now())) buckets.delete(key);
  }, SWEEP_MS).unref();

  return (req, res) => {
    // The socket's peer address, not X-Forwarded-For: a client can write any header it likes.
    const key = req.socket.remoteAddress ?? 'unknown';
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = new TokenBucket(config.burst, config.perSecond, now())));
    const wait = bucket.take(now());
    if (wait === 0) return true;
    const body = JSON.stringify({ error: `too many requests from ${key}: at most ${config.burst} at once, then ${config.perSecond} per second` });
    res.writeHead(429, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      // Retry-After is in whole seconds; round up so a client that obeys it finds a token.
      'retry-after': String(Math.max(1, Math.ceil(wait))),
    });
    res.end(body);
    return false;
  };
}
