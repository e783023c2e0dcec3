// Provided (chapter 05's T1, with epochs) · The replication log. On the leader, every change to
// `chirps`, its log entry (stamped with the leader's epoch) and the position are written in ONE
// SQLite transaction. Followers keep the entries they apply in the same table (apply.ts), so a
// promoted follower can serve its former peers from their positions. Lesson: README.md, "T2 ·
// Promotion with a line of succession".
import type { Chirp, NewChirp } from '@scaling-lab/chirp';
import { type Db, readLastEpoch, readPosition, writePosition } from './database.ts';
import type { LogEntry } from './types.ts';

interface EntryRow {
  seq: number;
  epoch: number;
  op: 'create' | 'delete';
  chirp_id: number;
  chirp: string | null;
  at: number;
}

export class ReplicationLog {
  private readonly statements;
  /** Leader: creates a chirp in `epoch`; resolves with it and its sequence number. */
  readonly create: (input: NewChirp, epoch: number) => { chirp: Chirp; seq: number };
  /** Leader: deletes a chirp in `epoch`; undefined when there was none (no entry either). */
  readonly delete: (id: number, epoch: number) => number | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: { retain: number },
  ) {
    this.statements = {
      insertChirp: db.prepare('INSERT INTO chirps (author, text, created_at) VALUES (?, ?, ?)'),
      deleteChirp: db.prepare('DELETE FROM chirps WHERE id = ?'),
      append: db.prepare('INSERT INTO replication_log (seq, epoch, op, chirp_id, chirp, at) VALUES (?, ?, ?, ?, ?, ?)'),
      // The primary key makes this a range delete: cheap even on every write.
      truncate: db.prepare('DELETE FROM replication_log WHERE seq <= ?'),
      read: db.prepare('SELECT * FROM replication_log WHERE seq >= ? ORDER BY seq LIMIT ?'),
      epochOf: db.prepare('SELECT epoch FROM replication_log WHERE seq = ?'),
      first: db.prepare('SELECT MIN(seq) AS seq FROM replication_log'),
      clear: db.prepare('DELETE FROM replication_log'),
    };
    this.create = db.transaction(({ author, text }: NewChirp, epoch: number) => {
      const createdAt = new Date().toISOString();
      const id = Number(this.statements.insertChirp.run(author, text, createdAt).lastInsertRowid);
      const chirp: Chirp = { id, author, text, createdAt };
      const seq = readPosition(this.db) + 1;
      this.append({ seq, epoch, op: 'create', chirp, at: Date.now() });
      return { chirp, seq };
    });
    this.delete = db.transaction((id: number, epoch: number) => {
      // No row, no change: a delete of a missing chirp writes no entry.
      if (this.statements.deleteChirp.run(id).changes === 0) return undefined;
      const seq = readPosition(this.db) + 1;
      this.append({ seq, epoch, op: 'delete', id, at: Date.now() });
      return seq;
    });
  }

  /**
   * Inside a transaction that made the entry's change (the leader's write, or a follower
   * applying it): stores the entry, the new position and its epoch, and drops old entries.
   */
  append(entry: LogEntry): void {
    const chirp = entry.op === 'create' ? JSON.stringify(entry.chirp) : null;
    const id = entry.op === 'create' ? entry.chirp.id : entry.id;
    this.statements.append.run(entry.seq, entry.epoch, entry.op, id, chirp, entry.at);
    writePosition(this.db, entry.seq, entry.epoch);
    // Keep the newest `retain` entries: seq - retain and older go.
    this.statements.truncate.run(entry.seq - this.options.retain);
  }

  /** Entries with seq >= from, oldest first, at most `limit`. */
  read(from: number, limit: number): LogEntry[] {
    return (this.statements.read.all(from, limit) as EntryRow[]).map((row) =>
      row.op === 'create'
        ? { seq: row.seq, epoch: row.epoch, op: 'create', chirp: JSON.parse(row.chirp!) as Chirp, at: row.at }
        : { seq: row.seq, epoch: row.epoch, op: 'delete', id: row.chirp_id, at: row.at },
    );
  }

  /**
   * The epoch of the entry at `seq`: 0 before the first entry, null when this log no longer
   * holds it (truncated, or never had it: a snapshot brought the node past it).
   */
  epochAt(seq: number): number | null {
    if (seq === 0) return 0;
    const row = this.statements.epochOf.get(seq) as { epoch: number } | undefined;
    if (row) return row.epoch;
    // The newest entry's epoch is in `meta` even when its row is gone (after a snapshot).
    return seq === readPosition(this.db) ? readLastEpoch(this.db) : null;
  }

  /** The oldest entry still kept; position + 1 when there is none (nothing to serve yet). */
  firstSeq(): number {
    const { seq } = this.statements.first.get() as { seq: number | null };
    return seq ?? readPosition(this.db) + 1;
  }

  /** After a snapshot replaced the data: the entries kept so far describe another history. */
  clear(): void {
    this.statements.clear.run();
  }
}
