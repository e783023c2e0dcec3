// Reference for T4 (and T6's use of SingleFlight): cache-aside in front of SQLite.
//
// Reads try the cache first; on a miss they read SQLite and fill the cache with a TTL. Writes
// go to SQLite first, then make every cached answer they changed unreachable:
// - a chirp's own key ("chirp:<id>") is deleted when the chirp is;
// - timeline pages are many (every author, limit and cursor), so they live under a version
//   ("timeline:<version>:..."). A write stores a new version; the old pages are never read
//   again and expire on their own. The version lives in the cache, so every app instance
//   sharing the cache sees the change.
import type { Chirp, ChirpStore, ListQuery, NewChirp } from '@scaling-lab/chirp';
import type { CacheClient } from './cache-client.ts';
import { SingleFlight } from './single-flight.ts';

export interface CachedStoreOptions {
  /** The TTL of every entry: how stale an answer may get if an invalidation is lost. */
  ttlSeconds: number;
}

const VERSION_KEY = 'timeline:version';

export class CachedChirpStore implements ChirpStore {
  private readonly flights = new SingleFlight<unknown>();

  constructor(
    private readonly db: ChirpStore,
    private readonly cache: CacheClient,
    private readonly options: CachedStoreOptions,
  ) {}

  async get(id: number): Promise<Chirp | undefined> {
    return (await this.readThrough(`chirp:${id}`, () => this.db.get(id))) as Chirp | undefined;
  }

  async list(query: ListQuery): Promise<Chirp[]> {
    // A missing version (a new or restarted cache) is version "0": still one namespace.
    const version = (await this.cache.get(VERSION_KEY)) ?? '0';
    const key = `timeline:${version}:${query.author ?? '*'}:${query.beforeId ?? 'top'}:${query.limit}`;
    return (await this.readThrough(key, () => this.db.list(query))) as Chirp[];
  }

  async create(input: NewChirp): Promise<Chirp> {
    const chirp = await this.db.create(input);
    await this.newTimelineVersion();
    return chirp;
  }

  async delete(id: number): Promise<boolean> {
    const deleted = await this.db.delete(id);
    if (deleted) await Promise.all([this.cache.del(`chirp:${id}`), this.newTimelineVersion()]);
    return deleted;
  }

  /**
   * Cache-aside for one key, as one flight: concurrent readers of a cold key share the cache
   * lookup, the database read and the fill (and the one parsed value). Absent chirps are not
   * cached (undefined).
   */
  private readThrough(key: string, load: () => Promise<unknown>): Promise<unknown> {
    return this.flights.run(key, async () => {
      const cached = parseOrMiss(await this.cache.get(key));
      if (cached !== undefined) return cached;
      const fresh = await load();
      if (fresh !== undefined) await this.cache.set(key, JSON.stringify(fresh), this.options.ttlSeconds);
      return fresh;
    });
  }

  private async newTimelineVersion(): Promise<void> {
    // Unique across instances and restarts; its only job is to differ from the last one. It
    // gets the same TTL as the pages: when it expires, every page filed under it (all older
    // than the write that set it) has expired too, so falling back to "0" shows nothing stale.
    const version = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
    await this.cache.set(VERSION_KEY, version, this.options.ttlSeconds);
  }
}

/**
 * A cached value, or undefined (a miss) for no entry or one that is not JSON: a cache may hand
 * back anything (a bug elsewhere, another program sharing it), so it is never trusted blindly.
 * Parsed once: the check and the use are the same parse.
 */
function parseOrMiss(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
