// Provided (chapter 05's T2) · Applying the leader's entries on a follower: in order, exactly
// once, with the new position stored in the SAME transaction as the changes. The entries go
// into this node's own log too: if it is promoted, its former peers fetch from it.
import { type Db, readPosition } from './database.ts';
import type { ReplicationLog } from './log.ts';
import type { LogEntry } from './types.ts';

export class Applier {
  private readonly statements;
  /** Applies what it can of `entries`; returns the position afterwards. */
  readonly apply: (entries: readonly LogEntry[]) => number;

  constructor(db: Db, log: ReplicationLog) {
    this.statements = {
      // The leader's id: both copies must hold the same rows, ids included.
      insert: db.prepare('INSERT INTO chirps (id, author, text, created_at) VALUES (@id, @author, @text, @createdAt)'),
      delete: db.prepare('DELETE FROM chirps WHERE id = ?'),
    };
    this.apply = db.transaction((entries: readonly LogEntry[]) => {
      let position = readPosition(db);
      for (const entry of entries) {
        // Already applied (a retried fetch): skip it. A gap: stop, the next fetch asks again.
        if (entry.seq <= position) continue;
        if (entry.seq !== position + 1) break;
        if (entry.op === 'create') this.statements.insert.run(entry.chirp);
        else this.statements.delete.run(entry.id);
        log.append(entry);
        position = entry.seq;
      }
      return position;
    });
  }
}
