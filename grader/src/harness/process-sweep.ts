// Finding processes by the tag the harness puts in their environment. Process groups catch a
// learner's children; this also catches the ones that escaped with setsid(), because every
// descendant inherits the environment. Linux only (/proc); elsewhere groups must do.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { ENV } from './context.ts';

const canSweep = existsSync('/proc/self/environ');

/** Pids whose environment holds LAB_PROCESS_TAG equal to `tag` (or starting with it, if `prefix`). */
export function pidsTagged(tag: string, prefix = false): number[] {
  if (!canSweep) return [];
  const needle = `${ENV.processTag}=${tag}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // Exited meanwhile, or not ours to read.
    }
    const hit = environ.split('\0').some((line) => (prefix ? line.startsWith(needle) : line === needle));
    if (hit) found.push(Number(entry));
  }
  return found;
}

export function killTagged(tag: string, prefix = false): number[] {
  const pids = pidsTagged(tag, prefix);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  return pids;
}
