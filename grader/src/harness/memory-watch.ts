// The memory cap of learner programs. Every POLL_MS, the resident memory of each watched
// process tree is summed from /proc; a tree over its cap is reported to its owner, which kills
// it and says why. The fallback where no memory cgroup can be made (memory-cgroup.ts: the
// kernel's limit is exact, a poll can be overshot for up to POLL_MS); not RLIMIT_AS, which V8
// cannot live with (it reserves gigabytes of address space up front). Linux only; elsewhere the
// cap is not enforced.
import { existsSync } from 'node:fs';
import { treeResidentBytes } from './proc-tree.ts';

const POLL_MS = 150;

export const canWatchMemory = existsSync('/proc/self/status');

interface Watched {
  rootPid: number;
  /** Levels of the tree that are the harness's own wrappers (unshare, the namespace's init): not counted. */
  skipLevels: number;
  limitBytes: number;
  onExceeded: (usedBytes: number) => void;
}

const watched = new Set<Watched>();
let timer: NodeJS.Timeout | undefined;

function poll(): void {
  for (const entry of watched) {
    const used = treeResidentBytes(entry.rootPid, entry.skipLevels);
    if (used > entry.limitBytes) {
      watched.delete(entry);
      entry.onExceeded(used);
    }
  }
  if (watched.size === 0) {
    clearInterval(timer);
    timer = undefined;
  }
}

/** Starts watching a process tree; returns the function that stops it. */
export function watchMemory(entry: Watched): () => void {
  if (!canWatchMemory) return () => {};
  watched.add(entry);
  // One timer for every watched program of this worker; it never keeps the worker alive.
  timer ??= setInterval(poll, POLL_MS).unref();
  return () => watched.delete(entry);
}
