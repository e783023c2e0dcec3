// T2 · Applying the leader's entries on a follower: in order, exactly once, with the new
// position stored in the SAME transaction as the changes. Lesson: README.md, "T2 · Followers
// that apply the log".
import { type Db, readPosition, writePosition } from './database.ts';
import type { LogEntry } from './types.ts';

export class Applier {
  private readonly statements;
  /** Applies what it can of `entries`; returns the position afterwards. */
  readonly apply: (entries: readonly LogEntry[]) => number;

  constructor(db: Db) {
    this.statements = {
      // The leader's id: both copies must hold the same rows, ids included.
      insert: db.prepare('INSERT INTO chirps (id, author, text, created_at) VALUES (@id, @author, @text, @createdAt)'),
      delete: db.prepare('DELETE FROM chirps WHERE id = ?'),
    };
    this.apply = db.transaction((entries: readonly LogEntry[]) => {
      // Read the position inside the transaction: it is the truth on disk, not a copy in memory.
      let position = readPosition(db);
      for (const entry of entries) {
        // Already applied (a retried fetch, a resent batch): skip it rather than fail. Applying
        // it again would resurrect a deleted chirp or trip on a duplicate id.
        if (entry.seq <= position) continue;
        // A gap: an entry is missing. Stop here; the next fetch asks from position + 1 again.
        if (entry.seq !== position + 1) break;
        if (entry.op === 'create') this.statements.insert.run(entry.chirp);
        else this.statements.delete.run(entry.id);
        position = entry.seq;
      }
      // Same transaction as the rows: a crash keeps both or neither, so a restart resumes at
      // exactly the first entry not applied; never one applied twice, never one skipped.
      writePosition(db, position);
      return position;
    });
  }
}
