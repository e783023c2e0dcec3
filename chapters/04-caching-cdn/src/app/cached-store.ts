// T4 · Cache-aside and invalidation (lesson: README.md#t4-cache-aside-and-invalidation)
//
// A ChirpStore in front of SQLite (`db`) that reads through the cache. As given it passes
// everything straight to SQLite: the app works, and the cache is never used.
import type { Chirp, ChirpStore, ListQuery, NewChirp } from '@scaling-lab/chirp';
import type { CacheClient } from './cache-client.ts';
import { SingleFlight } from './single-flight.ts';

export interface CachedStoreOptions {
  /** The TTL of every entry you store (CACHE_TTL_SECONDS). */
  ttlSeconds: number;
}

export class CachedChirpStore implements ChirpStore {
  /** T6: run each fill (cache lookup, database read, cache write) of a key as one flight. */
  private readonly flights = new SingleFlight<unknown>();

  constructor(
    private readonly db: ChirpStore,
    private readonly cache: CacheClient,
    private readonly options: CachedStoreOptions,
  ) {}

  async get(id: number): Promise<Chirp | undefined> {
    // TODO(T4): try the cache; on a miss read SQLite and store the chirp with the TTL.
    void [this.cache, this.options, this.flights];
    return this.db.get(id);
  }

  async list(query: ListQuery): Promise<Chirp[]> {
    // TODO(T4): cache each page (author, cursor and limit all change the answer).
    return this.db.list(query);
  }

  async create(input: NewChirp): Promise<Chirp> {
    // TODO(T4): after the write, make every cached page the new chirp belongs on unreachable.
    return this.db.create(input);
  }

  async delete(id: number): Promise<boolean> {
    // TODO(T4): after the write, remove the chirp's own entry and every page it was on.
    return this.db.delete(id);
  }
}
