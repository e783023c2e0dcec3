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
  private readonly flights = new SingleFlight<string | undefined>();

  constructor(
    private readonly db: ChirpStore,
    private readonly cache: CacheClient,
    private readonly options: CachedStoreOptions,
  ) {}

  async get(id: number): Promise<Chirp | undefined> {
    const json = await this.readThrough(`chirp:${id}`, async () => {
      const chirp = await this.db.get(id);
      return chirp && JSON.stringify(chirp);
    });
    return json === undefined ? undefined : (JSON.parse(json) as Chirp);
  }

  async list(query: ListQuery): Promise<Chirp[]> {
    // A missing version (a new or restarted cache) is version "0": still one namespace.
    const version = (await this.cache.get(VERSION_KEY)) ?? '0';
    const key = `timeline:${version}:${query.author ?? '*'}:${query.beforeId ?? 'top'}:${query.limit}`;
    const json = await this.readThrough(key, async () => JSON.stringify(await this.db.list(query)));
    return JSON.parse(json!) as Chirp[];
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
   * lookup, the database read and the fill. Absent chirps are not cached (undefined).
   */
  private readThrough(key: string, load: () => Promise<string | undefined>): Promise<string | undefined> {
    return this.flights.run(key, async () => {
      const cached = await this.cache.get(key);
      if (cached !== undefined && isJson(cached)) return cached;
      const fresh = await load();
      if (fresh !== undefined) await this.cache.set(key, fresh, this.options.ttlSeconds);
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

/** A cache may hand back anything (a bug elsewhere, a shared cache); never trust it blindly. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
