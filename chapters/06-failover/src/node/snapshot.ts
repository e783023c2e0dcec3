// Provided (chapter 05's T7, with epochs) · Snapshots. A leader writes a copy of its database as
// of ONE position; a new follower, or one whose log parted from its new leader's (a former
// leader that wrote past the promotion), replaces its copy with it and fetches the log from
// there. Lesson: README.md, "T2 · Promotion with a line of succession".
import Database from 'better-sqlite3';
import { type Db, readLastEpoch, readPosition, writePosition } from './database.ts';

export interface SnapshotPoint {
  position: number;
  /** The epoch of the entry at that position. */
  epoch: number;
}

/** Leader: writes the database to `file`; resolves with the position the copy is at. */
export async function writeSnapshot(db: Db, file: string): Promise<SnapshotPoint> {
  // VACUUM INTO copies the database as of one read transaction; the copy's own `meta` says
  // which position (and epoch) its rows are at.
  db.prepare('VACUUM INTO ?').run(file);
  const copy = new Database(file, { readonly: true });
  try {
    return { position: readPosition(copy), epoch: readLastEpoch(copy) };
  } finally {
    copy.close();
  }
}

/** Follower: replaces every chirp and the whole log with the snapshot's state, in one transaction. */
export function restoreSnapshot(db: Db, file: string, point: SnapshotPoint): number {
  db.prepare('ATTACH DATABASE ? AS snapshot').run(file);
  try {
    const swap = db.transaction(() => {
      db.prepare('DELETE FROM main.chirps').run();
      db.prepare('INSERT INTO main.chirps (id, author, text, created_at) SELECT id, author, text, created_at FROM snapshot.chirps').run();
      // Our old entries describe a history the leader may not share: start the log afresh.
      db.prepare('DELETE FROM main.replication_log').run();
      writePosition(db, point.position, point.epoch);
    });
    swap();
    return point.position;
  } finally {
    db.prepare('DETACH DATABASE snapshot').run();
  }
}
