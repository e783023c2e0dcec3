// Port allocation for components under test. Ports come from 20000-31999, below the kernel's
// ephemeral range (32768+), so an outgoing connection can never grab a port between our
// "it is free" and the component's listen(), nor while a stopped server is down before its
// restart. A lock file per port keeps concurrent grading runs on one machine apart; it holds
// the owner's pid and grading run, so the end of a run releases its locks even when its
// workers were killed (no exit handler runs then), and a lock whose owner died is taken over.
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const FIRST = 20000;
const COUNT = 12000;
const LOCK_DIR = path.join(os.tmpdir(), 'scaling-lab-ports');
const held = new Set<number>();
// "<pid> <run id>"; the run id only inside a grading run (the grader sets LAB_RUN_ID).
const owner = [process.pid, process.env.LAB_RUN_ID].filter(Boolean).join(' ');
let reclaimed = false;

/** Running, or stopped; not a zombie (killed, waiting for its parent to notice). */
function pidAlive(pid: number): boolean {
  // Unreadable: a lock being written this very moment.
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) said it exists
  }
}

const lockOwner = (file: string) => readFileSync(file, 'utf8').split(' ');

/** Takes the lock for a port; a lock left by a dead process is taken over. */
function tryLock(port: number): boolean {
  const file = path.join(LOCK_DIR, String(port));
  try {
    writeFileSync(file, owner, { flag: 'wx' });
    return true;
  } catch {
    try {
      if (pidAlive(Number(lockOwner(file)[0]))) return false;
      unlinkSync(file);
      writeFileSync(file, owner, { flag: 'wx' });
      return true;
    } catch {
      return false;
    }
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 that nothing listens on and no other grading run holds. */
export async function allocatePort(): Promise<number> {
  mkdirSync(LOCK_DIR, { recursive: true });
  // Once per process: locks of owners that died without releasing them (a run killed outright).
  if (!reclaimed) {
    reclaimed = true;
    reclaimStaleLocks();
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST + Math.floor(Math.random() * COUNT);
    if (held.has(port) || !tryLock(port)) continue;
    if (await canListen(port)) {
      held.add(port);
      return port;
    }
    releasePort(port);
  }
  throw new Error(`no free port found in ${FIRST}-${FIRST + COUNT - 1} after 200 attempts`);
}

export function releasePort(port: number): void {
  held.delete(port);
  try {
    unlinkSync(path.join(LOCK_DIR, String(port)));
  } catch {
    // Already gone: nothing to release.
  }
}

// Locks die with this process either way (a dead pid's lock is taken over), but tidy up.
process.once('exit', () => {
  for (const port of held) releasePort(port);
});

/**
 * Removes every lock whose owner is dead, and every lock of `finishedRun`. A test worker that
 * is killed (or exits without its 'exit' handlers) leaves its locks behind; the grader calls
 * this at the end of each run, when the run's workers are gone or being killed.
 */
export function reclaimStaleLocks(finishedRun?: string): number {
  let removed = 0;
  let files: string[] = [];
  try {
    files = readdirSync(LOCK_DIR);
  } catch {
    return 0;
  }
  for (const name of files) {
    const file = path.join(LOCK_DIR, name);
    try {
      const [pid, run] = lockOwner(file);
      if (pidAlive(Number(pid)) && (finishedRun === undefined || run !== finishedRun)) continue;
      unlinkSync(file);
      removed++;
    } catch {
      // Taken or released meanwhile by its owner.
    }
  }
  return removed;
}
