// Reference for T2, T3 and T5: chirps live in one SQLite file inside the data directory.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

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
  limit: number;
}

interface Row {
  id: number;
  author: string;
  text: string;
  created_at: string;
}

const toChirp = (row: Row): Chirp => ({ id: row.id, author: row.author, text: row.text, createdAt: row.created_at });

export class ChirpStore {
  private constructor(private readonly db: Database.Database) {}

  static open(dataDir: string): ChirpStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, 'chirps.db'));
    // WAL: readers never wait for the writer, and a commit is one append to the log.
    db.pragma('journal_mode = WAL');
    // FULL: each commit is fsync'ed before we answer 201, so an acknowledged chirp survives
    // a crash of the process and of the machine. NORMAL would survive only a process crash.
    db.pragma('synchronous = FULL');
    // AUTOINCREMENT never reuses the id of a deleted chirp, so ids only grow: "newest first"
    // is "highest id first", and an id works as a stable pagination cursor.
    db.exec(`
      CREATE TABLE IF NOT EXISTS chirps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS chirps_by_author ON chirps (author, id);
    `);
    return new ChirpStore(db);
  }

  create({ author, text }: NewChirp): Chirp {
    const createdAt = new Date().toISOString();
    const { lastInsertRowid } = this.db.prepare('INSERT INTO chirps (author, text, created_at) VALUES (?, ?, ?)').run(author, text, createdAt);
    return { id: Number(lastInsertRowid), author, text, createdAt };
  }

  get(id: number): Chirp | undefined {
    const row = this.db.prepare('SELECT * FROM chirps WHERE id = ?').get(id) as Row | undefined;
    return row && toChirp(row);
  }

  /** Newest first. Keyset pagination: "id < cursor" stays correct while chirps are added. */
  list({ author, beforeId, limit }: ListQuery): Chirp[] {
    // Only the filters this query has. SQLite plans a statement before it sees the values, so
    // a catch-all "(@author IS NULL OR author = @author)" is planned as a walk down the whole
    // table and never uses chirps_by_author: one author's page would read every chirp.
    const filters = [author !== undefined && 'author = @author', beforeId !== undefined && 'id < @beforeId'].filter(Boolean);
    const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
    const rows = this.db.prepare(`SELECT * FROM chirps ${where} ORDER BY id DESC LIMIT @limit`).all({ author, beforeId, limit }) as Row[];
    return rows.map(toChirp);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM chirps WHERE id = ?').run(id).changes > 0;
  }

  /** Checkpoints the write-ahead log into the database file and releases it. */
  close(): void {
    this.db.close();
  }
}
