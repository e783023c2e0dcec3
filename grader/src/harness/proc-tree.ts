// Reading process trees from /proc (Linux): who a process's children are, how much memory a
// tree holds, whether a process has ended. Elsewhere every answer is "nothing known".
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The pids of a process's children (an empty list once it has exited). Only those its main
 * thread started: each thread has its own list, and reading the lists of Node's dozen threads
 * on every poll would cost ten times as much for children that programs start from the main
 * thread anyway (a child started from a worker thread escapes the count, not the namespace).
 */
export function childrenOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim();
    return text ? text.split(' ').map(Number) : [];
  } catch {
    return []; // Exited meanwhile.
  }
}

function residentBytes(pid: number): number {
  try {
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
    return kib === undefined ? 0 : Number(kib) * 1024;
  } catch {
    return 0; // Exited meanwhile.
  }
}

/** Resident memory of the tree under `pid`, without its first `skipLevels` levels. */
export function treeResidentBytes(pid: number, skipLevels = 0): number {
  const own = skipLevels > 0 ? 0 : residentBytes(pid);
  return childrenOf(pid).reduce((sum, child) => sum + treeResidentBytes(child, Math.max(0, skipLevels - 1)), own);
}

/** The fields of /proc/<pid>/stat after the command name (which is in parentheses and may hold anything). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** When the process started (clock ticks since boot): with the pid, it names one process even after the pid is reused. */
export function startTimeOf(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** Gone, or a zombie: it has let go of everything it held (its sockets, its memory). */
export function hasEnded(pid: number, startTime: string | undefined): boolean {
  const fields = statFields(pid);
  if (!fields || fields[19] !== startTime) return true;
  return fields[0] === 'Z' || fields[0] === 'X';
}

/** Whether a process with this pid exists (another user's counts: EPERM). Works everywhere. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The entries of `dir` left by a process that is gone: names matched by `owned`, whose first
 * group is the owner's pid in base 36 (runs and their cgroups are named so), other than this
 * process's. What a grader killed outright could not remove itself.
 */
export function abandonedEntries(dir: string, owned: RegExp): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => {
    const owner = parseInt(owned.exec(name)?.[1] ?? '', 36);
    return Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && !isRunning(owner);
  });
}
