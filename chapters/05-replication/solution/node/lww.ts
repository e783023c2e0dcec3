// T8 · The conflict rule of two leaders: last writer wins (LWW), by stamp. Each chirp keeps the
// stamp of the write that made its current state, a delete included: a deleted chirp leaves a
// tombstone (its version, with deleted = true), or an older write arriving late would bring it
// back. Both nodes apply the same rule to the same stamps, so both end with the same winner
// whatever order the changes arrive in. Lesson: README.md, "T8 · Two leaders".
import { compareStamps, type Stamp } from './hlc.ts';

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
  // Nothing here yet: the change is the first we hear of this chirp.
  if (!local) return true;
  // A tombstone is a version like any other: a later write may replace it, an earlier one may
  // not. An equal stamp is the same change seen again (a retried fetch): keep what we have.
  return compareStamps(incoming, local.stamp) > 0;
}
