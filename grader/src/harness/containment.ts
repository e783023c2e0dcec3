// Keeping every descendant of a learner's program accountable, whatever it does to its session,
// group or environment. Where Linux lets us create a PID namespace (as root, or through a user
// namespace), each learner program runs under a small init in a namespace of its own
// (ns-init.pl, or ns-init.mjs where there is no Perl): when that init ends, the kernel kills
// everything left in the namespace. Elsewhere (macOS, user namespaces disallowed) process
// groups and the tag sweep (process-sweep.ts) are the fallback. Detected at run time.
// Not a cgroup: few learners' machines delegate one to their user (and cgroup v1 machines have
// none to give); not a child subreaper: Node cannot call prctl().
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { ENV } from './context.ts';
import { kernelMemoryCap } from './memory-cgroup.ts';
import { canWatchMemory } from './memory-watch.ts';

export type Containment = 'pid-namespace' | 'user-and-pid-namespace' | 'user-and-pid-namespace-as-root' | 'tag-sweep';

// --fork: the program must be the namespace's init's child, not unshare itself; --kill-child:
// should unshare be killed alone, its init (and so the namespace) goes with it.
const PID_FLAGS = ['--pid', '--fork', '--kill-child'];
const UNSHARE_FLAGS: Record<Exclude<Containment, 'tag-sweep'>, string[]> = {
  'pid-namespace': PID_FLAGS,
  // Without root, a user namespace grants the right to create the PID namespace. The program
  // keeps the learner's user id where unshare can map it (util-linux 2.38 and later)...
  'user-and-pid-namespace': ['--user', '--map-current-user', ...PID_FLAGS],
  // ...and sees itself as root (still with only the learner's rights) where it cannot.
  'user-and-pid-namespace-as-root': ['--user', '--map-root-user', ...PID_FLAGS],
};

let detected: Containment | undefined;
let init: string[] | undefined;

/** The namespace's init: Perl where there is Perl (it starts in milliseconds), else Node. */
function initCommand(): string[] {
  init ??= spawnSync('perl', ['-e', '0'], { stdio: 'ignore' }).status === 0
    ? ['perl', fileURLToPath(new URL('./ns-init.pl', import.meta.url))]
    : [process.execPath, fileURLToPath(new URL('./ns-init.mjs', import.meta.url))];
  return init;
}

function isContainment(value: string | undefined): value is Containment {
  return value === 'tag-sweep' || (value !== undefined && value in UNSHARE_FLAGS);
}

/** Tries each way of creating a PID namespace once; the first that works is used for the run. */
function probe(): Containment {
  if (process.platform !== 'linux') return 'tag-sweep';
  const unprivileged: Exclude<Containment, 'tag-sweep'>[] = ['user-and-pid-namespace', 'user-and-pid-namespace-as-root'];
  const candidates = process.getuid?.() === 0 ? ['pid-namespace' as const, ...unprivileged] : unprivileged;
  for (const candidate of candidates) {
    // `node --version` exits before Node boots: a few milliseconds.
    const result = spawnSync('unshare', [...UNSHARE_FLAGS[candidate], '--', process.execPath, '--version'], { stdio: 'ignore', timeout: 5000 });
    if (result.status === 0) return candidate;
  }
  return 'tag-sweep';
}

/**
 * How this run contains learner processes. The grader decides once and tells its test workers
 * through LAB_CONTAINMENT (set it to "tag-sweep" to force the fallback).
 */
export function containment(): Containment {
  if (detected) return detected;
  const preset = process.env[ENV.containment];
  detected = isContainment(preset) ? preset : probe();
  return detected;
}

/** A readable name for reports. */
export function describeContainment(method: Containment): string {
  switch (method) {
    case 'pid-namespace':
      return 'a PID namespace each';
    case 'user-and-pid-namespace':
    case 'user-and-pid-namespace-as-root':
      return 'a PID namespace each (inside a user namespace)';
    case 'tag-sweep':
      return 'process groups, swept by an environment tag (no PID namespace available here)';
  }
}

/**
 * The command line that runs `command args` as the only child of a namespace's init, which
 * writes how the program ended to `exitFile` (the init cannot die by a signal: see ns-init.pl).
 */
export function containedCommand(method: Exclude<Containment, 'tag-sweep'>, command: string, args: string[], exitFile: string): { command: string; args: string[] } {
  return { command: 'unshare', args: [...UNSHARE_FLAGS[method], '--', ...initCommand(), exitFile, command, ...args] };
}

/** Reads what the init wrote; undefined when it wrote nothing (it was killed with the program). */
export function readContainedExit(exitFile: string): { code: number | null; signal: NodeJS.Signals | null } | undefined {
  let recorded: { code: number | null; signal?: NodeJS.Signals | null; signalNumber?: number };
  try {
    recorded = JSON.parse(readFileSync(exitFile, 'utf8'));
  } catch {
    return undefined;
  } finally {
    rmSync(exitFile, { force: true });
  }
  const byNumber = Object.entries(os.constants.signals).find(([, n]) => n === recorded.signalNumber)?.[0] as NodeJS.Signals | undefined;
  return { code: recorded.code, signal: recorded.signal ?? byNumber ?? null };
}

/** What the grade report says about containment: how processes were kept, how memory was capped. */
export interface ContainmentReport {
  processes: Containment;
  /**
   * "cgroup-v1"/"cgroup-v2": each program in a memory cgroup, the kernel enforces the cap
   * (memory-cgroup.ts); "polled": resident memory checked every 150 ms (memory-watch.ts);
   * "unenforced": neither is possible here.
   */
  memory: 'cgroup-v1' | 'cgroup-v2' | 'polled' | 'unenforced';
}

export function containmentReport(): ContainmentReport {
  return { processes: containment(), memory: kernelMemoryCap() ?? (canWatchMemory ? 'polled' : 'unenforced') };
}
