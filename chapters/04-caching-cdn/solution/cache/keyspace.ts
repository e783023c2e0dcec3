// Reference for T2 and T3: the store behind the commands. Every key has a value, an optional
// deadline and a cost in bytes; the whole keyspace stays within maxBytes by evicting the least
// recently used keys. A JavaScript Map keeps its keys in insertion order, so deleting a key and
// setting it again moves it to the end: the first key is always the least recently used, and a
// read, a write and an eviction are each O(1).
// Lesson: README.md, sections "T2 · Keys and expiry" and "T3 · A memory bound, LRU and stats".

/** What every entry costs besides its key and value bytes: the Map slot, the object, the timer bookkeeping. */
export const ENTRY_OVERHEAD_BYTES = 64;

/** The bytes one entry counts against the bound. Keys arrive as latin1 text: one char per byte. */
export function entryBytes(key: string, value: Buffer): number {
  return key.length + value.length + ENTRY_OVERHEAD_BYTES;
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

interface Entry {
  value: Buffer;
  expiresAt: number | undefined;
  bytes: number;
}

export class Keyspace {
  /** Oldest use first: the next victim of eviction is entries.keys().next(). */
  private readonly entries = new Map<string, Entry>();
  /** The keys with a deadline, so the sweep never walks keys that cannot expire. */
  private readonly expiring = new Set<string>();
  private usedBytes = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private expirations = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value, or undefined when missing or expired. A hit makes the key the most recently used. */
  get(key: string): Buffer | undefined {
    const entry = this.live(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: Buffer, options: SetOptions = {}): SetResult {
    const existing = this.live(key);
    if (options.nx && existing) return 'exists';
    const bytes = entryBytes(key, value);
    // Refuse before touching anything: evicting every key and still failing helps nobody.
    if (bytes > this.maxBytes) return 'too-large';
    if (existing) this.remove(key, existing);
    while (this.usedBytes + bytes > this.maxBytes) this.evictOne();
    // A SET without EX/PX drops an old deadline, as in Redis: the new value is a new entry.
    this.entries.set(key, { value, expiresAt: options.expiresAt, bytes });
    this.usedBytes += bytes;
    if (options.expiresAt !== undefined) this.expiring.add(key);
    return 'stored';
  }

  /** True when a live key was removed. */
  delete(key: string): boolean {
    const entry = this.live(key);
    if (entry) this.remove(key, entry);
    return entry !== undefined;
  }

  /** Whether the key is live. Not a use: EXISTS neither refreshes recency nor counts as hit or miss. */
  exists(key: string): boolean {
    return this.live(key) !== undefined;
  }

  /**
   * Active expiry: deletes every expired key, read or not, and returns how many. The server
   * calls it every 100 ms. Redis samples 20 keys with a deadline per pass instead of walking
   * them all; walking the `expiring` set is simpler and fine at this size.
   */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const key of this.expiring) {
      const entry = this.entries.get(key)!;
      if (entry.expiresAt! <= now) {
        this.expire(key, entry);
        removed++;
      }
    }
    return removed;
  }

  stats(): KeyspaceStats {
    const { hits, misses, evictions, expirations, usedBytes, maxBytes } = this;
    return { keys: this.entries.size, expiring: this.expiring.size, usedBytes, maxBytes, hits, misses, evictions, expirations };
  }

  /** The entry if present and not past its deadline; an expired one is deleted on the spot (lazy expiry). */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.expire(key, entry);
      return undefined;
    }
    return entry;
  }

  private expire(key: string, entry: Entry): void {
    this.remove(key, entry);
    this.expirations++;
  }

  private evictOne(): void {
    const [key, entry] = this.entries.entries().next().value!;
    // A victim that already expired died of age, not of the memory bound.
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) this.expire(key, entry);
    else {
      this.remove(key, entry);
      this.evictions++;
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.expiring.delete(key);
    this.usedBytes -= entry.bytes;
  }
}
