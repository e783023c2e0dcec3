// T2, T3, T5 · Storage. Chirps live in a SQLite database file (better-sqlite3) inside the
// data directory. Lesson: README.md, sections "T2", "T3" and "T5 · Durability".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface Chirp {
  /** Positive whole number; a newer chirp always has a higher id. */
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
  /** Only chirps older than this id: the cursor of the previous page. */
  beforeId?: number;
  limit: number;
}

export class ChirpStore {
  private constructor(private readonly db: Database.Database | undefined) {}

  static open(dataDir: string): ChirpStore {
    // TODO(T2): open the database and create the chirps table if it does not exist.
    // TODO(T5): keep the file inside `dataDir` (create the folder), and turn on WAL.
    void mkdirSync;
    void path;
    void dataDir;
    return new ChirpStore(undefined);
  }

  create(chirp: NewChirp): Chirp {
    // TODO(T2): insert the chirp and return it with its new id and createdAt.
    void chirp;
    throw new Error('TODO(T2): ChirpStore.create() is not written yet');
  }

  get(id: number): Chirp | undefined {
    // TODO(T2): return the chirp with this id, or undefined.
    void id;
    throw new Error('TODO(T2): ChirpStore.get() is not written yet');
  }

  delete(id: number): boolean {
    // TODO(T2): delete the chirp; return whether there was one.
    void id;
    throw new Error('TODO(T2): ChirpStore.delete() is not written yet');
  }

  list(query: ListQuery): Chirp[] {
    // TODO(T3): newest first, filtered by author, only ids below beforeId, at most `limit`.
    void query;
    throw new Error('TODO(T3): ChirpStore.list() is not written yet');
  }

  close(): void {
    // TODO(T6): close the database (this also folds the WAL back into the database file).
    void this.db;
  }
}
