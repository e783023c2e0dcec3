// T7 · Snapshots. The leader writes a copy of its database as of ONE position; a new or
// hopelessly behind follower replaces its copy with it, then fetches the log from that
// position + 1. Lesson: README.md, "T7 · Bootstrap from a snapshot".
import type { Db } from './database.ts';

/** Leader: writes the database to `file`; resolves with the position the copy is at. */
export async function writeSnapshot(db: Db, file: string): Promise<number> {
  // TODO(T7): copy the database to `file` as of one instant (VACUUM INTO) and return the
  // position of exactly that copy (the copy has its own meta table).
  void [db, file];
  throw new Error('TODO(T7): write a snapshot');
}

/** Follower: replaces every chirp with the snapshot's, and the position with `position`, in one transaction. */
export function restoreSnapshot(db: Db, file: string, position: number): number {
  // TODO(T7): ATTACH the file, and in one transaction replace all of main.chirps with its
  // chirps and writePosition(position); DETACH it afterwards.
  void [db, file, position];
  throw new Error('TODO(T7): restore a snapshot');
}
