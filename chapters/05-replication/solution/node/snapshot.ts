// T7 · Snapshots. The leader writes a copy of its database as of ONE position; a new or
// hopelessly behind follower replaces its copy with it, then fetches the log from that
// position + 1. Lesson: README.md, "T7 · Bootstrap from a snapshot".
import Database from 'better-sqlite3';
import { type Db, readPosition, writePosition } from './database.ts';

/** Leader: writes the database to `file`; resolves with the position the copy is at. */
export async function writeSnapshot(db: Db, file: string): Promise<number> {
  // VACUUM INTO copies the database as of one read transaction, in one statement: writes that
  // land after it started are not in the copy. The copy includes `meta`, so the position is
  // read from the copy itself: by construction it matches the rows beside it.
  db.prepare('VACUUM INTO ?').run(file);
  const copy = new Database(file, { readonly: true });
  try {
    return readPosition(copy);
  } finally {
    copy.close();
  }
}

/** Follower: replaces every chirp with the snapshot's, and the position with `position`, in one transaction. */
export function restoreSnapshot(db: Db, file: string, position: number): number {
  // ATTACH opens the downloaded file beside ours; it fails if the file is not SQLite, and the
  // SELECT below fails if it is not a Chirp database: a bad download never replaces good data.
  db.prepare('ATTACH DATABASE ? AS snapshot').run(file);
  try {
    // Copying inside one transaction instead of renaming files over the open database: a crash
    // leaves the old copy or the new one, never half of each, and the WAL stays consistent.
    const swap = db.transaction(() => {
      db.prepare('DELETE FROM main.chirps').run();
      db.prepare('INSERT INTO main.chirps (id, author, text, created_at) SELECT id, author, text, created_at FROM snapshot.chirps').run();
      writePosition(db, position);
    });
    swap();
    return position;
  } finally {
    db.prepare('DETACH DATABASE snapshot').run();
  }
}
