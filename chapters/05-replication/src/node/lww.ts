// T8 · The conflict rule of two leaders: last writer wins (LWW), by stamp. Each chirp keeps the
// stamp of the write that made its current state, a delete included (a tombstone). Both nodes
// apply the same rule to the same stamps, so both end with the same winner whatever order the
// changes arrive in. Lesson: README.md, "T8 · Two leaders".
import type { Stamp } from './hlc.ts';

/** What a node holds for one chirp id: the stamp of its current state, and whether that state is "deleted". */
export interface Version {
  stamp: Stamp;
  deleted: boolean;
}

/**
 * True when a change stamped `incoming` must replace what this node holds (`local`, undefined
 * when it has never heard of that chirp id).
 */
export function incomingWins(local: Version | undefined, incoming: Stamp): boolean {
  // TODO(T8): a chirp never heard of: the change wins. Otherwise the higher stamp wins
  // (compareStamps), and a tombstone is a version like any other. An equal stamp is the same
  // change seen again: keep what you have.
  void [local, incoming];
  throw new Error('TODO(T8): decide a conflict');
}
