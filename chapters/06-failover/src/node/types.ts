// Provided · What travels from the leader to its followers: chapter 05's entries, each stamped
// with the epoch of the leader that wrote it. Lesson: README.md, "T2 · Promotion with a line of
// succession".
import type { Chirp } from '@scaling-lab/chirp';

/** One committed change, as GET /replication/log sends it. */
export type LogEntry =
  | { seq: number; epoch: number; op: 'create'; chirp: Chirp; at: number }
  | { seq: number; epoch: number; op: 'delete'; id: number; at: number };

/** The most entries one answer of GET /replication/log carries. */
export const MAX_BATCH = 500;
