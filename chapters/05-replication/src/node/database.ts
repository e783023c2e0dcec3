// Provided · The node's SQLite file, `chirps.db` in DATA_DIR, and its three tables:
//
//   chirps           the data, exactly as in chapter 01 (ids that only grow)
//   replication_log  one row per committed change on the leader: the replication log (T1)
//   meta             small durable values; `position` is the last sequence number this node
//                    wrote (leader) or applied (follower)
//
// WAL and synchronous=FULL: a transaction that returned is on disk, whatever kills the
// process next. Lesson: README.md, "T1 · A replication log".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Chirp } from '@scaling-lab/chirp';

export type Db = Database.Database;

export const SCHEMA = `
  CREATE TABLE IF NOT EXISTS chirps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS chirps_by_author ON chirps (author, id);
  CREATE TABLE IF NOT EXISTS replication_log (
    seq INTEGER PRIMARY KEY,          -- 1, 2, 3...: the entry's position
    op TEXT NOT NULL,                 -- 'create' or 'delete'
    chirp_id INTEGER NOT NULL,
    chirp TEXT,                       -- the created chirp as JSON (creates only)
    at INTEGER NOT NULL               -- when the leader committed it, ms since 1970
  );
  CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
`;

export function openDatabase(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  return db;
}

export const databaseFile = (dataDir: string): string => path.join(dataDir, 'chirps.db');

// Prepared once per database: these run on every write.
const statements = new WeakMap<Db, { read: Database.Statement; write: Database.Statement }>();
function positionStatements(db: Db) {
  let prepared = statements.get(db);
  if (!prepared) {
    prepared = {
      read: db.prepare("SELECT value FROM meta WHERE key = 'position'"),
      write: db.prepare("INSERT INTO meta (key, value) VALUES ('position', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    };
    statements.set(db, prepared);
  }
  return prepared;
}

/** The durable position stored in `meta` (0 for a new database). */
export function readPosition(db: Db): number {
  const row = positionStatements(db).read.get() as { value: number } | undefined;
  return row?.value ?? 0;
}

/** Sets the durable position: call it inside the transaction that made the change. */
export function writePosition(db: Db, position: number): void {
  positionStatements(db).write.run(position);
}

export interface ChirpRow {
  id: number;
  author: string;
  text: string;
  created_at: string;
}

export const toChirp = (row: ChirpRow): Chirp => ({ id: row.id, author: row.author, text: row.text, createdAt: row.created_at });
