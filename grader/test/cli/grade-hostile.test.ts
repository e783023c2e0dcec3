// The grader survives the learner: programs that hang, crash, ignore SIGTERM, leave children
// behind or print megabytes each cost their own test, the run ends, and nothing outlives it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, type CliResult, runGrader } from '../support/cli.ts';
import { survivors } from '../support/processes.ts';

interface TestJson {
  status: string;
  message?: string;
  outputs?: { truncated: boolean; totalBytes: number }[];
}

describe('grading a chapter of hostile programs', () => {
  const pidDir = mkdtempSync(path.join(os.tmpdir(), 'lab-hostile-'));
  let result: CliResult;
  let tests: Record<string, TestJson>;

  beforeAll(async () => {
    result = await runGrader(['grade', '01', '--json'], { PID_DIR: pidDir, LAB_TEST_TIMEOUT_MS: '8000' });
    const report = JSON.parse(result.stdout);
    tests = Object.fromEntries(report.chapters[0].tasks.map((t: { id: string; tests: TestJson[] }) => [t.id, t.tests[0]]));
  }, CLI_TIMEOUT_MS);

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

  it('no process started during the run is alive after it', async () => {
    expect(await survivors(pidDir)).toEqual([]);
  });
});
