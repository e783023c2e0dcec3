// The last line of defence against orphans: after a run, end every process it started that
// is still alive, whatever happened to the test worker that started it.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { reclaimStaleLocks } from '../harness/ports.ts';
import { removeRunCgroups } from '../harness/memory-cgroup.ts';
import { killTagged } from '../harness/process-sweep.ts';
import { abandonedEntries } from '../harness/proc-tree.ts';
import { OWNED_NAME } from './leftovers.ts';

/** Kills what is left of a run; returns how many processes it had to kill. */
export function sweepRun(runDir: string, runId: string): number {
  let killed = 0;
  const registry = path.join(runDir, 'processes');
  let entries: string[] = [];
  try {
    entries = readdirSync(registry);
  } catch {
    // No process was ever started.
  }
  for (const pid of entries) {
    // Each file is a process group leader that did not exit while its worker watched.
    try {
      process.kill(-Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  killed += killTagged(`${runId}:`, true).length;
  // The run's test workers are gone now (or being killed): their port locks go with them.
  reclaimStaleLocks(runId);
  // And so do the memory cgroups of its programs (a cgroup outlives its processes until removed).
  removeRunCgroups(runId);
  return killed;
}

/**
 * Ends the runs of graders that were killed outright (SIGKILL, a closed terminal's process group,
 * a test runner that gave up on them): their programs still run, holding ports and CPU, since no
 * one was left to stop them. Only what carries the run's tag is killed (a pid in their registry
 * may have been reused since), then their locks, cgroups and folder go. Returns how many
 * processes it killed.
 */
export function sweepAbandonedRuns(runsDir: string): number {
  let killed = 0;
  for (const runId of abandonedEntries(runsDir, OWNED_NAME)) {
    killed += killTagged(`${runId}:`, true).length;
    reclaimStaleLocks(runId);
    removeRunCgroups(runId);
    rmSync(path.join(runsDir, runId), { recursive: true, force: true });
  }
  return killed;
}

/** What a run in progress leaves behind if it is cut short: its processes, its folders. */
interface ActiveRun {
  runDir: string;
  runId: string;
  /** Removes the run's code overlay, if it made one. */
  dispose(): void;
}

const active = new Map<string, ActiveRun>();

/** Until the returned function is called, an interrupted grader cleans this run up on its way out. */
export function trackRun(run: ActiveRun): () => void {
  active.set(run.runId, run);
  return () => active.delete(run.runId);
}

/**
 * Ctrl-C or SIGTERM to the grader: end every process the runs in progress started, and remove
 * their folders and port locks, as the end of a run would have. Synchronous: it runs in a
 * signal handler just before the process exits. Returns how many processes it killed.
 */
export function abortActiveRuns(): number {
  let killed = 0;
  for (const run of active.values()) {
    killed += sweepRun(run.runDir, run.runId);
    run.dispose();
    rmSync(run.runDir, { recursive: true, force: true });
  }
  active.clear();
  return killed;
}
