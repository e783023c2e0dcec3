// T1 · The leader's replication log. Every write to Chirp becomes a numbered log entry that
// followers copy. Write each change to `chirps`, its entry in `replication_log` and the new
// position in `meta` in ONE transaction: a SIGKILL at any instant must leave all three or none.
// The tables are created for you in database.ts. Lesson: README.md, "T1 · A replication log".
import type { Chirp, NewChirp } from '@scaling-lab/chirp';
import type { Db } from './database.ts';
import type { LogEntry } from './types.ts';

export class ReplicationLog {
  /** Creates a chirp; returns it (as the API answers it) and its entry's sequence number. */
  readonly create: (input: NewChirp) => { chirp: Chirp; seq: number };
  /** Deletes a chirp; returns its entry's sequence number, or undefined when there was no such chirp (and then writes no entry). */
  readonly delete: (id: number) => number | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: { retain: number },
  ) {
    // TODO(T1): write the row, the entry {seq, op, chirp or id, at} and the position in one
    // transaction (better-sqlite3: db.transaction(fn)). Take seq from the durable position
    // (readPosition + 1, then writePosition, from database.ts), never from a variable in memory.
    // Then delete the entries older than the newest options.retain.
    this.create = () => {
      throw new Error('TODO(T1): create a chirp and its log entry in one transaction');
    };
    this.delete = () => {
      throw new Error('TODO(T1): delete a chirp and log it in one transaction');
    };
  }

  /** Entries with seq >= from, oldest first, at most `limit` (GET /replication/log). */
  read(from: number, limit: number): LogEntry[] {
    // TODO(T1): read the entries back from replication_log as LogEntry objects.
    void [from, limit];
    return [];
  }

  /** The oldest entry still kept, or position + 1 when the log is empty. Older `from`s get 410. */
  firstSeq(): number {
    // TODO(T1): SELECT MIN(seq); when the log is empty, the position + 1.
    return 1;
  }
}
