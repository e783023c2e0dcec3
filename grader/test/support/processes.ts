// Helpers for the grader's own tests: is a process really gone?
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pollUntil } from '../../src/harness/poll.ts';

/** Alive means running or stopped; a zombie has exited and only waits for its parent. */
export function isAlive(pid: number): boolean {
  try {
    const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    if (existsSync('/proc/self')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** Waits (bounded) until none of the pids recorded in `dir` is alive; returns the survivors. */
export async function survivors(dir: string, timeoutMs = 3000): Promise<string[]> {
  const alive = () =>
    readdirSync(dir).filter((file) => isAlive(Number(readFileSync(path.join(dir, file), 'utf8'))));
  try {
    await pollUntil(() => alive().length === 0, { what: 'recorded processes to end', timeoutMs });
    return [];
  } catch {
    return alive();
  }
}

/**
 * Live processes whose environment holds `entry` ("TMPDIR=/tmp/x"): what a grader started with
 * that environment and left running (its test workers inherit it). Linux only: elsewhere, none.
 */
export function processesWithEnv(entry: string): number[] {
  if (!existsSync('/proc/self/environ')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(entry) && isAlive(Number(name));
      } catch {
        return false;
      }
    })
    .map(Number);
}
