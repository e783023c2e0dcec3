// Reference for T5: a cache client that can never take the app down with it. Every command has
// a deadline; any failure (refused, reset, timed out, an answer that is not RESP) becomes
// "no answer", which the caller treats as a miss, and the app answers from SQLite.
import { Redis } from 'ioredis';

export interface CacheHealth {
  /** up: the last command worked; down: it failed, or there is no connection. */
  status: 'up' | 'down';
  /** The last failure, for whoever reads /healthz. */
  lastError?: string;
  failures: number;
}

export interface CacheClientOptions {
  /** The longest one command may take before the app stops waiting for it. */
  timeoutMs: number;
}

/** After a failure, skip the cache this long: a paused cache must not cost every request a timeout. */
const BACKOFF_MS = 500;

export class CacheClient {
  private readonly redis: Redis;
  private state: CacheHealth = { status: 'down', failures: 0 };
  private skipUntil = 0;

  constructor(url: string, { timeoutMs }: CacheClientOptions) {
    this.redis = new Redis(url, {
      // Reject a command at once while disconnected, instead of queueing it until the cache
      // is back: a queued read would hold its HTTP request hostage.
      enableOfflineQueue: false,
      // Never resend a failed command on a new connection: the caller already fell back.
      maxRetriesPerRequest: 0,
      commandTimeout: timeoutMs,
      connectTimeout: Math.max(timeoutMs, 1000),
      // Keep reconnecting for ever, at most once a second: the cache will come back.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      // Commands issued in the same turn of the event loop (many HTTP requests in flight at
      // once) leave in one write and come back in one read: fewer system calls on both sides.
      enableAutoPipelining: true,
    });
    this.redis.on('ready', () => {
      this.state = { ...this.state, status: 'up' };
      this.skipUntil = 0;
    });
    // Without a listener, ioredis reports each connection error on the console; keep the last.
    this.redis.on('error', (error: Error) => this.failed(error));
    this.redis.on('close', () => (this.state = { ...this.state, status: 'down' }));
  }

  health(): CacheHealth {
    return { ...this.state };
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.attempt(() => this.redis.get(key))) ?? undefined;
  }

  /** Stores `value` for `ttlSeconds`; false when the cache did not take it. */
  async set(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return (await this.attempt(() => this.redis.set(key, value, 'EX', ttlSeconds))) === 'OK';
  }

  /** Deletes keys; false when the cache could not be told (their TTL then bounds the staleness). */
  async del(...keys: string[]): Promise<boolean> {
    return (await this.attempt(() => this.redis.del(...keys))) !== undefined;
  }

  close(): void {
    this.redis.disconnect();
  }

  private async attempt<T>(command: () => Promise<T>): Promise<T | undefined> {
    if (this.redis.status !== 'ready' || Date.now() < this.skipUntil) return undefined;
    try {
      const result = await command();
      if (this.state.status !== 'up') this.state = { ...this.state, status: 'up' };
      return result;
    } catch (error) {
      this.failed(error as Error);
      return undefined;
    }
  }

  private failed(error: Error): void {
    this.state = { status: 'down', lastError: error.message, failures: this.state.failures + 1 };
    this.skipUntil = Date.now() + BACKOFF_MS;
  }
}
