// T2 · Applying the leader's entries on a follower: in order, exactly once, with the new
// position stored in the SAME transaction as the changes, so that a follower killed at any
// instant resumes at exactly the first entry it has not applied.
// Lesson: README.md, "T2 · Followers that apply the log".
import type { Db } from './database.ts';
import type { LogEntry } from './types.ts';

export class Applier {
  /** Applies what it can of `entries`; returns the position afterwards. */
  readonly apply: (entries: readonly LogEntry[]) => number;

  constructor(private readonly db: Db) {
    // TODO(T2): in one transaction: read the position (readPosition), skip entries at or below
    // it, stop at a gap (seq !== position + 1), apply creates (with the leader's id) and
    // deletes, then writePosition. Return the new position.
    this.apply = () => {
      throw new Error('TODO(T2): apply log entries');
    };
  }
}
