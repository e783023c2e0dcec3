// The last line of defence against orphans: after a run, end every process it started that
// is still alive, whatever happened to the test worker that started it.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { reclaimStaleLocks } from '../harness/ports.ts';
import { killTagged } from '../harness/process-sweep.ts';

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
  // The run's test workers are gone now: their port locks go with them.
  reclaimStaleLocks();
  return killed;
}
