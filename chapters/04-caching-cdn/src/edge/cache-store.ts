// T9 · The pull cache's memory: stored responses by URL and variant, bounded in bytes, evicting
// the least recently used entry first. Pushed assets (assets.ts) live elsewhere and never count.
// This starting version already stores and finds entries (enough for T8), with no bound at all.
// Lesson: README.md, section "T9 · Stale content, collapsed forwarding and purge".
import type { StoredResponse } from './stored.ts';

export class CacheStore {
  /** Every entry by "url \0 variantKey". */
  private readonly entries = new Map<string, StoredResponse>();

  constructor(readonly maxBytes: number) {}

  /** The stored variant of `url` that `matches` accepts, now the most recently used; undefined if none. */
  find(url: string, matches: (entry: StoredResponse) => boolean): StoredResponse | undefined {
    // TODO(T9): mark the entry found as the most recently used, and find a URL's variants without scanning everything.
    for (const entry of this.entries.values()) {
      if (entry.url === url && matches(entry)) return entry;
    }
    return undefined;
  }

  /**
   * Stores an entry, replacing the same URL's entry for the same variant. Returns false when it
   * was not stored.
   */
  put(entry: StoredResponse): boolean {
    // TODO(T9): count entryBytes() (stored.ts); refuse an entry larger than maxBytes; evict the least recently used entries until the total fits, counting evictions.
    this.entries.set(`${entry.url}\0${entry.variantKey}`, entry);
    return true;
  }

  /** Removes one stored variant, if it is still the one stored. */
  delete(entry: StoredResponse): void {
    const key = `${entry.url}\0${entry.variantKey}`;
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }

  /** Removes every variant of a URL (purge, or a successful unsafe request); returns how many. */
  purge(url: string): number {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.url !== url) continue;
      this.entries.delete(key);
      removed++;
    }
    return removed;
  }

  /** Bytes stored, as entryBytes() counts them. */
  get bytes(): number {
    // TODO(T9): keep a running total in put() and every removal.
    return 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries evicted to stay under maxBytes since start. */
  get evictions(): number {
    return 0;
  }
}
