// T2 · Keys and expiry, and T3 · A memory bound, LRU and stats. The store behind the commands:
// every key has a value, an optional deadline and a cost in bytes. Expired keys are never
// returned (checked on access) and are swept out even when nobody reads them (sweep(), which
// the server calls every 100 ms). The sum of the entries' bytes never passes maxBytes: before a
// write would, the least recently used keys are evicted. Hits, misses, evictions and
// expirations are counted for INFO.
// Lesson: README.md, sections "T2 · Keys and expiry" and "T3 · A memory bound, LRU and stats".

/** What every entry costs besides its key and value bytes. */
export const ENTRY_OVERHEAD_BYTES = 64;

/** The bytes one entry counts against the bound. Keys arrive as latin1 text: one char per byte. */
export function entryBytes(key: string, value: Buffer): number {
  // TODO(T3): key bytes + value bytes + ENTRY_OVERHEAD_BYTES.
  void key;
  void value;
  throw new Error('TODO(T3): entryBytes() is not written yet');
}

export interface SetOptions {
  /** Absolute deadline in ms (same clock as `now`); undefined: the key lives until evicted. */
  expiresAt?: number;
  /** Only set the key when it does not exist (or has expired). */
  nx?: boolean;
}

/** stored: the value is in; exists: NX and the key was there; too-large: it can never fit. */
export type SetResult = 'stored' | 'exists' | 'too-large';

export interface KeyspaceStats {
  keys: number;
  /** Keys that have a deadline. */
  expiring: number;
  usedBytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
  evictions: number;
  expirations: number;
}

export class Keyspace {
  // TODO(T2): a Map from key to { value, deadline }; T3 adds each entry's bytes and the counters.

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value, or undefined when missing or expired. A hit makes the key the most recently used. */
  get(key: string): Buffer | undefined {
    // TODO(T2): never return an expired value; delete it instead (lazy expiry).
    // TODO(T3): count a hit or a miss; a hit moves the key to the most recently used end.
    throw new Error(`TODO(T2): get("${key}") is not written yet`);
  }

  set(key: string, value: Buffer, options: SetOptions = {}): SetResult {
    // TODO(T2): store the value with options.expiresAt (none: no deadline, even if the old value had one); honour nx.
    // TODO(T3): refuse what can never fit ('too-large'); evict least recently used keys until it fits.
    void value;
    void options;
    throw new Error(`TODO(T2): set("${key}") is not written yet`);
  }

  /** True when a live key was removed. */
  delete(key: string): boolean {
    // TODO(T2): remove the key if it is live.
    throw new Error(`TODO(T2): delete("${key}") is not written yet`);
  }

  /** Whether the key is live. Not a use: EXISTS neither refreshes recency nor counts as hit or miss. */
  exists(key: string): boolean {
    // TODO(T2): an expired key does not exist.
    throw new Error(`TODO(T2): exists("${key}") is not written yet`);
  }

  /** Active expiry: deletes every expired key, read or not, and returns how many. */
  sweep(): number {
    // TODO(T2): delete the keys whose deadline has passed, without waiting for a read.
    return 0;
  }

  stats(): KeyspaceStats {
    // TODO(T3): the numbers INFO reports (keys and expirations belong to T2).
    throw new Error(`TODO(T3): stats() is not written yet (bound: ${this.maxBytes} bytes, clock: ${typeof this.now})`);
  }
}
