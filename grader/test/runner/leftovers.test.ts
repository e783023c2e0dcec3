// Folders of a grader killed outright are removed by the next run; a running grader's are kept.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownedName, removeAbandoned } from '../../src/runner/leftovers.ts';

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
