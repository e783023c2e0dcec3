// What an interrupted grader must not leave behind beyond its runs (sweep.ts ends those): the
// test workers it forked, which would otherwise go on grading for a minute and write into run
// folders already removed, and folders that outlive a run unless it ends normally (the copy of
// the suites, Vitest's transform cache). And the folders of a grader killed outright.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { abandonedEntries } from '../harness/proc-tree.ts';

const folders = new Set<string>();

/** A name for a folder of this process's: "<pid in base 36>-<time>-<n>", so its owner can be told later. */
let named = 0;
export function ownedName(): string {
  return `${process.pid.toString(36)}-${Date.now().toString(36)}-${(++named).toString(36)}`;
}

/**
 * Removes the folders under `dir` named by ownedName() whose owner is no longer running: left by
 * a grader killed outright (SIGKILL, a power cut), which could not clean up after itself.
 */
export function removeAbandoned(dir: string): void {
  for (const name of abandonedEntries(dir, OWNED_NAME)) rmSync(path.join(dir, name), { recursive: true, force: true });
}

/** ownedName()'s shape, its first part the owner's pid in base 36. */
export const OWNED_NAME = /^([0-9a-z]+)-[0-9a-z]+-[0-9a-z]+$/;


/** Until the returned function is called, an interrupted grader removes `dir` on its way out. */
export function removeOnInterrupt(dir: string): () => void {
  folders.add(dir);
  return () => folders.delete(dir);
}

export function removeRegisteredFolders(): void {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}

/** The pids whose parent is this process: Vitest's fork workers, a node:test runner, a git clone. */
export function childPids(): number[] {
  if (existsSync('/proc/self/stat')) {
    const children: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // The fourth field, after the command name in parentheses (which may hold spaces).
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid) children.push(Number(entry));
      } catch {
        // Exited meanwhile.
      }
    }
    return children;
  }
  try {
    const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8', timeout: 5000 });
    return table.split('\n').map((line) => line.trim().split(/\s+/).map(Number)).filter(([, ppid]) => ppid === process.pid).map(([pid]) => pid!);
  } catch {
    return [];
  }
}

/**
 * SIGKILL to every child of this process. For the grade and verify commands only, whose children
 * are test workers with nothing to save: the learner processes they started are ended by the
 * run sweep, their port locks released by run.
 */
export function killChildren(): number {
  const pids = childPids();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  return pids.length;
}
