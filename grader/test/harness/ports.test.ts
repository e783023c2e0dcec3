// Port locks: the end of a run releases its locks even when its workers died without their exit
// handlers, and a lock whose owner is dead is taken over; nobody else's live lock is touched.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reclaimStaleLocks } from '../../src/harness/ports.ts';

const lockDir = path.join(os.tmpdir(), 'scaling-lab-ports');
// Below the allocated range (20000-31999): no allocation anywhere can want these names.
const names = ['19901', '19902', '19903'];
const lock = (name: string) => path.join(lockDir, name);
afterEach(() => {
  for (const name of names) rmSync(lock(name), { force: true });
});

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('reclaimStaleLocks', () => {
  it("removes a dead owner's lock and the finished run's locks, and keeps a live owner's lock of another run", () => {
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(lock('19901'), `${deadPid()} some-run`);
    writeFileSync(lock('19902'), `${process.pid} finished-run`);
    writeFileSync(lock('19903'), `${process.pid} running-run`);
    reclaimStaleLocks('finished-run');
    expect(names.map((name) => existsSync(lock(name)))).toEqual([false, false, true]);
  });

  it('treats a lock written the old way (a pid alone) as that pid', () => {
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(lock('19901'), String(deadPid()));
    writeFileSync(lock('19902'), String(process.pid));
    reclaimStaleLocks();
    expect([existsSync(lock('19901')), existsSync(lock('19902'))]).toEqual([false, true]);
  });
});
