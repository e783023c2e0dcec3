// The Chirp data model and the store interface every chapter's layer wraps or replaces.

export interface Chirp {
  id: number;
  author: string;
  text: string;
  /** ISO 8601 time in UTC, e.g. "2026-11-23T09:00:00.000Z". */
  createdAt: string;
}

export interface NewChirp {
  author: string;
  text: string;
}

export interface ListQuery {
  author?: string;
  /** Only chirps with an id below this one: the cursor of the previous page. */
  beforeId?: number;
  /** At most this many chirps, newest first. */
  limit: number;
}

/**
 * Where chirps live. Asynchronous, so that a layer in front of the database (a cache, a
 * replicated log) can do network I/O; a store that is synchronous inside just resolves at once.
 */
export interface ChirpStore {
  create(input: NewChirp): Promise<Chirp>;
  get(id: number): Promise<Chirp | undefined>;
  /** Newest first (highest id first). */
  list(query: ListQuery): Promise<Chirp[]>;
  /** True when a chirp was deleted, false when there was none with that id. */
  delete(id: number): Promise<boolean>;
}
