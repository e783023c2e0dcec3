// T9 · The pull cache's memory: stored responses by URL and variant, bounded in bytes, evicting
// the least recently used entry first. Pushed assets (assets.ts) live elsewhere and never count.
// Lesson: README.md, section "T9 · Stale content, collapsed forwarding and purge".
import { entryBytes, type StoredResponse } from './stored.ts';

export class CacheStore {
  /**
   * Every entry by "url \0 variantKey". A Map iterates in insertion order, so deleting and
   * re-inserting an entry on each use keeps the least recently used one first.
   */
  private readonly entries = new Map<string, StoredResponse>();
  /** URL -> the keys of its stored variants, to find and purge them all. */
  private readonly byUrl = new Map<string, Set<string>>();
  private usedBytes = 0;
  private evictionCount = 0;

  constructor(readonly maxBytes: number) {}

  /** The stored variant of `url` that `matches` accepts, now the most recently used; undefined if none. */
  find(url: string, matches: (entry: StoredResponse) => boolean): StoredResponse | undefined {
    for (const key of this.byUrl.get(url) ?? []) {
      const entry = this.entries.get(key)!;
      if (!matches(entry)) continue;
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    return undefined;
  }

  /**
   * Stores an entry, replacing the same URL's entry for the same variant, then evicts least
   * recently used entries until the total fits. An entry larger than the whole bound is not
   * stored (false): it would evict everything and still not fit.
   */
  put(entry: StoredResponse): boolean {
    const key = `${entry.url}\0${entry.variantKey}`;
    this.remove(key);
    const size = entryBytes(entry);
    if (size > this.maxBytes) return false;
    this.entries.set(key, entry);
    let keys = this.byUrl.get(entry.url);
    if (!keys) this.byUrl.set(entry.url, (keys = new Set()));
    keys.add(key);
    this.usedBytes += size;
    for (const [oldest] of this.entries) {
      if (this.usedBytes <= this.maxBytes) break;
      this.remove(oldest);
      this.evictionCount++;
    }
    return true;
  }

  /** Removes one stored variant, if it is still the one stored. */
  delete(entry: StoredResponse): void {
    const key = `${entry.url}\0${entry.variantKey}`;
    if (this.entries.get(key) === entry) this.remove(key);
  }

  /** Removes every variant of a URL (purge, or a successful unsafe request); returns how many. */
  purge(url: string): number {
    const keys = [...(this.byUrl.get(url) ?? [])];
    for (const key of keys) this.remove(key);
    return keys.length;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.usedBytes -= entryBytes(entry);
    const keys = this.byUrl.get(entry.url)!;
    keys.delete(key);
    if (keys.size === 0) this.byUrl.delete(entry.url);
  }

  get bytes(): number {
    return this.usedBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get evictions(): number {
    return this.evictionCount;
  }
}
