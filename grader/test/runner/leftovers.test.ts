// Folders of a grader killed outright are removed by the next run, and the programs it left
// running are ended; a running grader's are kept.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/harness/poll.ts';
import { ownedName, removeAbandoned } from '../../src/runner/leftovers.ts';
import { sweepAbandonedRuns } from '../../src/runner/sweep.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-abandoned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('removeAbandoned', () => {
  it("removes the folders whose owner has exited and keeps its own, a live process's and foreign names", () => {
    const gone = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim());
    const names = {
      abandoned: `${gone.toString(36)}-mx4abc-1`,
      mine: ownedName(),
      parent: `${process.ppid.toString(36)}-mx4abc-2`,
      foreign: 'adhoc-12345',
    };
    for (const name of Object.values(names)) mkdirSync(path.join(dir, name));
    removeAbandoned(dir);
    const left = Object.fromEntries(Object.entries(names).map(([key, name]) => [key, existsSync(path.join(dir, name))]));
    expect(left).toEqual({ abandoned: false, mine: true, parent: true, foreign: true });
  });
});

describe('sweepAbandonedRuns', () => {
  it("ends the programs a grader killed outright left running, and only those of its run", async () => {
    const gone = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim());
    const abandoned = `${gone.toString(36)}-mx4abc-3`;
    const alive = ownedName();
    for (const name of [abandoned, alive]) mkdirSync(path.join(dir, name));
    // Programs as the harness starts them: tagged with their run's id in the environment.
    const program = (run: string) => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env: { ...process.env, LAB_PROCESS_TAG: `${run}:app-1` }, stdio: 'ignore' });
    const left = program(abandoned);
    const kept = program(alive);
    try {
      await pollUntil(() => left.pid !== undefined && kept.pid !== undefined, { timeoutMs: 5000, what: 'the programs to start' });
      expect(sweepAbandonedRuns(dir)).toBe(1);
      await pollUntil(() => left.exitCode !== null || left.signalCode !== null, { timeoutMs: 5000, what: 'the abandoned program to end' });
      expect(left.signalCode).toBe('SIGKILL');
      expect(kept.exitCode === null && kept.signalCode === null).toBe(true);
      expect(existsSync(path.join(dir, abandoned))).toBe(false);
      expect(existsSync(path.join(dir, alive))).toBe(true);
    } finally {
      left.kill('SIGKILL');
      kept.kill('SIGKILL');
    }
  });
});
