// T1 · The leader's replication log. Every change to `chirps` and the log entry describing it
// are written in ONE SQLite transaction, with the position in `meta`: a SIGKILL at any instant
// leaves either all three or none of them on disk. Lesson: README.md, "T1 · A replication log".
import type { Chirp, NewChirp } from '@scaling-lab/chirp';
import { type Db, readPosition, writePosition } from './database.ts';
import type { LogEntry } from './types.ts';

interface EntryRow {
  seq: number;
  op: 'create' | 'delete';
  chirp_id: number;
  chirp: string | null;
  at: number;
}

export class ReplicationLog {
  private readonly statements;
  readonly create: (input: NewChirp) => { chirp: Chirp; seq: number };
  readonly delete: (id: number) => number | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: { retain: number },
  ) {
    this.statements = {
      insertChirp: db.prepare('INSERT INTO chirps (author, text, created_at) VALUES (?, ?, ?)'),
      deleteChirp: db.prepare('DELETE FROM chirps WHERE id = ?'),
      append: db.prepare('INSERT INTO replication_log (seq, op, chirp_id, chirp, at) VALUES (?, ?, ?, ?, ?)'),
      // The primary key makes this a range delete: cheap even on every write.
      truncate: db.prepare('DELETE FROM replication_log WHERE seq <= ?'),
      read: db.prepare('SELECT * FROM replication_log WHERE seq >= ? ORDER BY seq LIMIT ?'),
      first: db.prepare('SELECT MIN(seq) AS seq FROM replication_log'),
    };
    // db.transaction() wraps a function in BEGIN ... COMMIT (ROLLBACK if it throws). Whatever
    // happens inside is one atomic, durable unit: that is the whole point of T1.
    this.create = db.transaction(({ author, text }: NewChirp) => {
      const createdAt = new Date().toISOString();
      const id = Number(this.statements.insertChirp.run(author, text, createdAt).lastInsertRowid);
      const chirp: Chirp = { id, author, text, createdAt };
      return { chirp, seq: this.append('create', id, chirp) };
    });
    this.delete = db.transaction((id: number) => {
      // No row, no change: a delete of a missing chirp writes no entry.
      if (this.statements.deleteChirp.run(id).changes === 0) return undefined;
      return this.append('delete', id, undefined);
    });
  }

  /** Inside a write's transaction: the next sequence number, its entry, the new position. */
  private append(op: 'create' | 'delete', id: number, chirp: Chirp | undefined): number {
    // The counter lives in `meta`, in the same transaction: after a crash it is exactly the
    // last committed entry's seq, so positions stay contiguous (1, 2, 3... no gap, no reuse).
    const seq = readPosition(this.db) + 1;
    this.statements.append.run(seq, op, id, chirp ? JSON.stringify(chirp) : null, Date.now());
    writePosition(this.db, seq);
    // Keep the newest `retain` entries: seq - retain and older go.
    this.statements.truncate.run(seq - this.options.retain);
    return seq;
  }

  /** Entries with seq >= from, oldest first, at most `limit`. */
  read(from: number, limit: number): LogEntry[] {
    return (this.statements.read.all(from, limit) as EntryRow[]).map((row) =>
      row.op === 'create' ? { seq: row.seq, op: 'create', chirp: JSON.parse(row.chirp!) as Chirp, at: row.at } : { seq: row.seq, op: 'delete', id: row.chirp_id, at: row.at },
    );
  }

  /** The oldest entry still kept; position + 1 when there is none (nothing to serve yet). */
  firstSeq(): number {
    const { seq } = this.statements.first.get() as { seq: number | null };
    return seq ?? readPosition(this.db) + 1;
  }
}
