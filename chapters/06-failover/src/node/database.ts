// Provided · The node's SQLite file, `chirps.db` in DATA_DIR, and its four tables:
//
//   chirps           the data, exactly as in chapter 01 (ids that only grow)
//   replication_log  one row per committed change, each stamped with the epoch of the leader
//                    that wrote it; followers keep the entries they applied too (chapter 05's
//                    log, plus epochs: README.md, "T2 · Promotion with a line of succession")
//   meta             small durable numbers: `position`, the last sequence number this node
//                    wrote or applied, and `last_epoch`, the epoch of that entry
//   node_state       one row: the node's role, epoch and leader, so a restart keeps them
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
    at INTEGER NOT NULL,              -- when the leader committed it, ms since 1970
    epoch INTEGER NOT NULL            -- the epoch of the leader that wrote it
  );
  CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS node_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    role TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    leader TEXT
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
function metaStatements(db: Db) {
  let prepared = statements.get(db);
  if (!prepared) {
    prepared = {
      read: db.prepare('SELECT value FROM meta WHERE key = ?'),
      write: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
    statements.set(db, prepared);
  }
  return prepared;
}

/** The durable position stored in `meta` (0 for a new database). */
export function readPosition(db: Db): number {
  const row = metaStatements(db).read.get('position') as { value: number } | undefined;
  return row?.value ?? 0;
}

/** The epoch of the entry at the position (0 for a new database). */
export function readLastEpoch(db: Db): number {
  const row = metaStatements(db).read.get('last_epoch') as { value: number } | undefined;
  return row?.value ?? 0;
}

/**
 * Sets the durable position and the epoch of the entry there: call it inside the transaction
 * that made the change, so that a crash keeps the rows, the entry and the position together.
 */
export function writePosition(db: Db, position: number, epoch: number): void {
  const { write } = metaStatements(db);
  write.run('position', position);
  write.run('last_epoch', epoch);
}

export interface ChirpRow {
  id: number;
  author: string;
  text: string;
  created_at: string;
}

export const toChirp = (row: ChirpRow): Chirp => ({ id: row.id, author: row.author, text: row.text, createdAt: row.created_at });
