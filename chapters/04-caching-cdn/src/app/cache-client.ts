// T5 · Surviving a sick cache (lesson: README.md#t5-surviving-a-sick-cache)
//
// The app's connection to the cache server. As given, it works while the cache is healthy and
// nothing more: ioredis queues commands while disconnected and retries them, so a dead or
// paused cache makes reads wait for ever. Make every failure a quick "no answer" instead.
import { Redis } from 'ioredis';

export interface CacheHealth {
  /** up: the cache answers; down: it does not (no connection, timeouts, garbage). */
  status: 'up' | 'down' | 'unknown';
  /** The last failure, for whoever reads /healthz. */
  lastError?: string;
  failures: number;
}

export interface CacheClientOptions {
  /** The longest one command may take before the app stops waiting for it (CACHE_TIMEOUT_MS). */
  timeoutMs: number;
}

export class CacheClient {
  private readonly redis: Redis;

  constructor(url: string, options: CacheClientOptions) {
    // TODO(T5): fail fast instead of queueing: no offline queue, no retries of a failed
    // command, a command timeout of options.timeoutMs; keep reconnecting in the background.
    void options;
    this.redis = new Redis(url);
    // TODO(T5): listen for 'ready', 'error' and 'close' to keep health() current.
  }

  /** What /healthz reports as `cache`. */
  health(): CacheHealth {
    // TODO(T5): report 'up' or 'down', the last error and how many failures there were.
    return { status: 'unknown', failures: 0 };
  }

  /** The value, or undefined on a miss or on any failure. Never throws. */
  async get(key: string): Promise<string | undefined> {
    // TODO(T5): turn every failure into undefined (a miss), and note it for health().
    return (await this.redis.get(key)) ?? undefined;
  }

  /** Stores `value` for `ttlSeconds`; false when the cache did not take it. Never throws. */
  async set(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    // TODO(T5): turn every failure into false.
    return (await this.redis.set(key, value, 'EX', ttlSeconds)) === 'OK';
  }

  /** Deletes keys; false when the cache could not be told. Never throws. */
  async del(...keys: string[]): Promise<boolean> {
    // TODO(T5): turn every failure into false.
    await this.redis.del(...keys);
    return true;
  }

  close(): void {
    this.redis.disconnect();
  }
}
