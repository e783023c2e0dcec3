// Provided · What travels from the leader to its followers. Lesson: README.md, "T1 · A replication log".
import type { Chirp } from '@scaling-lab/chirp';

/** One committed change, as GET /replication/log sends it. */
export type LogEntry =
  | { seq: number; op: 'create'; chirp: Chirp; at: number }
  | { seq: number; op: 'delete'; id: number; at: number };

/** The most entries one answer of GET /replication/log carries. */
export const MAX_BATCH = 500;
