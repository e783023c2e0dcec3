// The grader survives the learner: programs that hang, crash, ignore SIGTERM, leave children
// behind, escape, print megabytes or eat memory each cost their own test, the run ends, and
// nothing outlives it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containment } from '../../src/harness/containment.ts';
import { kernelMemoryCap } from '../../src/harness/memory-cgroup.ts';
import { CLI_TIMEOUT_MS, type CliResult, runGrader } from '../support/cli.ts';
import { isAlive, survivors } from '../support/processes.ts';
import { scratchFolders } from '../support/scratch.ts';

const freshFolder = scratchFolders('lab-hostile-');

interface TestJson {
  status: string;
  message?: string;
  outputs?: { truncated: boolean; totalBytes: number }[];
}

interface ReportJson {
  containment?: { processes: string; memory: string };
  chapters: { tasks: { id: string; tests: TestJson[] }[] }[];
}

describe('grading a chapter of hostile programs', () => {
  const pidDir = freshFolder();
  let result: CliResult;
  let tests: Record<string, TestJson>;
  let report: ReportJson;

  beforeAll(async () => {
    result = await runGrader(['grade', '01', '--json'], { PID_DIR: pidDir, LAB_TEST_TIMEOUT_MS: '8000' });
    report = JSON.parse(result.stdout);
    tests = Object.fromEntries(report.chapters[0]!.tasks.map((t) => [t.id, t.tests[0]!]));
  }, CLI_TIMEOUT_MS);

  // Whatever a failed assertion leaves alive is ended here, so it holds no port for ten minutes.
  afterAll(() => {
    for (const file of readdirSync(pidDir)) {
      const pid = Number(readFileSync(path.join(pidDir, file), 'utf8'));
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('finishes with exit code 1: some tasks failed, the grader itself did not', () => {
    expect(result.code).toBe(1);
  });

  it('the well-behaved program passes next to the hostile ones', () => {
    expect(tests.T1!.status).toBe('passed');
  });

  it('a program that never answers costs its test the time budget, with a message that says so', () => {
    expect(tests.T2!.status).toBe('failed');
    expect(tests.T2!.message).toMatch(/^timed out after 8 s/);
  });

  it('a program that crashes at start is reported with its exit code and last words', () => {
    expect(tests.T3!.message).toBe('your app exited with code 3 before it was ready; it said: Error: cannot read DATABASE_URL (fixture crash)');
  });

  it('programs that ignore SIGTERM or leave children behind do not fail their tests', () => {
    expect(tests.T4!.status).toBe('passed');
    expect(tests.T5!.status).toBe('passed');
  });

  it('megabytes of output arrive as a capped tail marked as truncated', () => {
    const [output] = tests.T6!.outputs!;
    expect(output!.truncated).toBe(true);
    expect(output!.totalBytes).toBeGreaterThan(10_000_000);
  });

  it('a program eating memory is stopped at the cap, and the message says so, at start or mid-test', () => {
    for (const id of ['T8', 'T9']) {
      expect(tests[id]!.status).toBe('failed');
      expect(tests[id]!.message).toMatch(/^your app was stopped: it used more than 512 MiB of memory\b/);
    }
  });

  it('the report says how learner programs were contained', () => {
    expect(report.containment).toEqual({ processes: containment(), memory: kernelMemoryCap() ?? 'polled' });
  });

  // Without a PID namespace (macOS, user namespaces disallowed), a child that wiped its
  // environment and left its session cannot be found: the one known gap of the fallback.
  const escapes = containment() === 'tag-sweep' ? /^escaper-escaped-/ : /^$/;

  it('no process started during the run is alive after it, not even one that escaped with a wiped environment', async () => {
    expect(tests.T7!.status).toBe('passed');
    expect(readdirSync(pidDir).filter((file) => file.startsWith('escaper-escaped-'))).toHaveLength(1);
    expect((await survivors(pidDir)).filter((file) => !escapes.test(file))).toEqual([]);
  });
});
