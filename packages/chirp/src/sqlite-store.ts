// Chirps in one SQLite file (chapter 01's design): WAL, fsync on every commit, ids that only
// grow. It counts its reads and writes so a layer in front of it (a cache) can prove what it
// saved the database from.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { timelineQuery } from './timeline-query.ts';
import type { Chirp, ChirpStore, ListQuery, NewChirp } from './types.ts';

interface Row {
  id: number;
  author: string;
  text: string;
  created_at: string;
}

const toChirp = (row: Row): Chirp => ({ id: row.id, author: row.author, text: row.text, createdAt: row.created_at });

/** Queries the database answered, by kind: what /healthz reports as `db`. */
export interface StoreCounters {
  gets: number;
  lists: number;
  creates: number;
  deletes: number;
}

export class SqliteChirpStore implements ChirpStore {
  readonly counters: StoreCounters = { gets: 0, lists: 0, creates: 0, deletes: 0 };
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    // Prepared once: compiling SQL on every request would cost more than running it.
    this.statements = {
      insert: db.prepare('INSERT INTO chirps (author, text, created_at) VALUES (?, ?, ?)'),
      get: db.prepare('SELECT * FROM chirps WHERE id = ?'),
      list: timelineQuery<Row>(db),
      delete: db.prepare('DELETE FROM chirps WHERE id = ?'),
    };
  }

  /** Opens (or creates) `chirps.db` in `dataDir`. */
  static open(dataDir: string): SqliteChirpStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, 'chirps.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`
      CREATE TABLE IF NOT EXISTS chirps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS chirps_by_author ON chirps (author, id);
    `);
    return new SqliteChirpStore(db);
  }

  async create({ author, text }: NewChirp): Promise<Chirp> {
    this.counters.creates++;
    const createdAt = new Date().toISOString();
    const { lastInsertRowid } = this.statements.insert.run(author, text, createdAt);
    return { id: Number(lastInsertRowid), author, text, createdAt };
  }

  async get(id: number): Promise<Chirp | undefined> {
    this.counters.gets++;
    const row = this.statements.get.get(id) as Row | undefined;
    return row && toChirp(row);
  }

  async list({ author, beforeId, limit }: ListQuery): Promise<Chirp[]> {
    this.counters.lists++;
    return this.statements.list({ author, beforeId, limit }).map(toChirp);
  }

  async delete(id: number): Promise<boolean> {
    this.counters.deletes++;
    return this.statements.delete.run(id).changes > 0;
  }

  close(): void {
    this.db.close();
  }
}
