// The memory cap enforced by the kernel, where the grader may create a memory cgroup: each
// learner program joins a cgroup of its own with the cap as its limit before it starts, so it
// cannot allocate past the cap even for a moment, and the kernel's OOM killer ends it. Available
// to root on cgroup v1 (a CI runner, a container) and on cgroup v2 where the grader's own cgroup
// is delegated with the memory controller enabled for its children (some systemd user
// sessions). Elsewhere memory-watch.ts polls resident memory instead. LAB_MEMORY_CAP=polled
// forces the poll.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { abandonedEntries } from './proc-tree.ts';

interface CgroupParent {
  version: 1 | 2;
  /** The folder this process's cgroup is, where the programs' cgroups are created. */
  dir: string;
}

/** One program's cgroup. */
export interface MemoryCgroup {
  /** Writing a pid here moves that process (and so all it later starts) into the cgroup. */
  procsFile: string;
  /** Whether the kernel killed a process of this cgroup for going over the limit. */
  oomKilled(): boolean;
  /** Removes the cgroup once its processes are gone (best effort; the run's sweep retries). */
  remove(): void;
}

let parent: CgroupParent | null | undefined;

/** The cgroup v2 path ("0::/path") or the v1 memory hierarchy's path ("N:memory,...:/path"). */
function ownCgroup(): CgroupParent | null {
  let lines: string[];
  try {
    lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  } catch {
    return null; // Not Linux.
  }
  const v1 = lines.map((line) => line.split(':')).find(([, controllers]) => controllers?.split(',').includes('memory'));
  if (v1 && existsSync('/sys/fs/cgroup/memory')) return { version: 1, dir: path.join('/sys/fs/cgroup/memory', v1[2] ?? '') };
  const v2 = lines.find((line) => line.startsWith('0::'));
  if (!v2) return null;
  const dir = path.join('/sys/fs/cgroup', v2.slice(3));
  // Children of this cgroup get a memory limit only if their parent hands them the controller.
  try {
    if (!readFileSync(path.join(dir, 'cgroup.subtree_control'), 'utf8').split(/\s+/).includes('memory')) return null;
  } catch {
    return null;
  }
  return { version: 2, dir };
}

/** Whether a child cgroup with a memory limit can be made here: tried once per process. */
function cgroupParent(): CgroupParent | null {
  if (process.env.LAB_MEMORY_CAP === 'polled') return null;
  if (parent !== undefined) return parent;
  parent = null;
  const found = ownCgroup();
  if (!found) return parent;
  removeAbandoned(found.dir);
  const probe = path.join(found.dir, `scaling-lab-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    writeFileSync(path.join(probe, limitFile(found.version)), String(64 * 1024 * 1024));
    parent = found;
  } catch {
    // No right to create one (the usual case without root or delegation).
  } finally {
    try {
      rmdirSync(probe);
    } catch {
      // Never made.
    }
  }
  return parent;
}

function limitFile(version: 1 | 2): string {
  return version === 1 ? 'memory.limit_in_bytes' : 'memory.max';
}

/** "cgroup-v1" or "cgroup-v2" when the kernel enforces the cap here, else undefined. */
export function kernelMemoryCap(): 'cgroup-v1' | 'cgroup-v2' | undefined {
  const found = cgroupParent();
  return found ? `cgroup-v${found.version}` : undefined;
}

/** A new cgroup for one program of run `runId`, limited to `limitBytes`; undefined where none can be made. */
export function createMemoryCgroup(runId: string, id: string, limitBytes: number): MemoryCgroup | undefined {
  const found = cgroupParent();
  if (!found) return undefined;
  const dir = path.join(found.dir, `scaling-lab-${runId}-${id}`);
  try {
    mkdirSync(dir);
    writeFileSync(path.join(dir, limitFile(found.version)), String(limitBytes));
    // No swap either, where the kernel counts it: the cap is on memory, not on RAM alone.
    trySet(path.join(dir, found.version === 1 ? 'memory.memsw.limit_in_bytes' : 'memory.swap.max'), found.version === 1 ? String(limitBytes) : '0');
  } catch {
    removeDir(dir);
    return undefined;
  }
  return {
    procsFile: path.join(dir, 'cgroup.procs'),
    oomKilled: () => {
      // v1: memory.oom_control; v2: memory.events. Both count kills as "oom_kill N".
      const file = path.join(dir, found.version === 1 ? 'memory.oom_control' : 'memory.events');
      try {
        return Number(/^oom_kill (\d+)/m.exec(readFileSync(file, 'utf8'))?.[1] ?? 0) > 0;
      } catch {
        return false;
      }
    },
    remove: () => removeDir(dir),
  };
}

/**
 * The command that joins the cgroup and then becomes the program: a shell writes its own pid
 * into cgroup.procs and execs, so the program (and whatever wraps it) starts inside, with no
 * moment outside the limit.
 */
export function joinCgroupCommand(cgroup: MemoryCgroup, command: string, args: string[]): { command: string; args: string[] } {
  return { command: '/bin/sh', args: ['-c', 'echo $$ > "$0" && exec "$@"', cgroup.procsFile, command, ...args] };
}

/** Removes whatever cgroups of run `runId` are left (their processes have been killed by then). */
export function removeRunCgroups(runId: string): void {
  const found = cgroupParent();
  if (!found) return;
  let entries: string[] = [];
  try {
    entries = readdirSync(found.dir).filter((name) => name.startsWith(`scaling-lab-${runId}-`));
  } catch {
    return;
  }
  for (const name of entries) removeDir(path.join(found.dir, name));
}

/**
 * Removes the cgroups left by graders that were killed outright (their name starts with the
 * grader's run id, "<pid in base 36>-<time>-<n>", as leftovers.ts names runs). A cgroup that still
 * holds a process is refused by the kernel and stays.
 */
function removeAbandoned(dir: string): void {
  for (const name of abandonedEntries(dir, /^scaling-lab-([0-9a-z]+)-[0-9a-z]+-[0-9a-z]+-/)) removeDir(path.join(dir, name));
}

function trySet(file: string, value: string): void {
  try {
    writeFileSync(file, value);
  } catch {
    // Not offered by this kernel (no swap accounting): the memory limit still holds.
  }
}

function removeDir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Still has a dying process, or gone already.
  }
}
