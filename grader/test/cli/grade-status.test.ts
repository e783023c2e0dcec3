// `npm run grade -- status`: the learner's progress, kept in a file that a grade updates.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordReport, type Progress } from '../../src/cli/progress.ts';
import type { GradeReport } from '../../src/runner/report.ts';
import { CLI_TIMEOUT_MS, runGrader } from '../support/cli.ts';
import { scratchFolders } from '../support/scratch.ts';

const freshFolder = scratchFolders('lab-progress-');

function tempFile(): string {
  return path.join(freshFolder(), 'progress.json');
}

/** A report of chapter 02-tiny where each task passed or not, as `grade` would produce it. */
function report(startedAt: string, results: Record<string, number>): GradeReport {
  const tasks = Object.entries(results).map(([id, earned]) => ({ id, status: earned > 0 ? 'passed' : 'failed', points: { earned, possible: 5 } }));
  return { startedAt, chapters: [{ id: '02-tiny', suite: 'grading', tasks }] } as unknown as GradeReport;
}

describe('progress records', () => {
  it('keeps the latest result of each task, a chapter best, and the last time graded', () => {
    let progress: Progress = { version: 1, chapters: {} };
    progress = recordReport(progress, report('2026-12-01T10:00:00.000Z', { T1: 5, T2: 3 }));
    progress = recordReport(progress, report('2026-12-01T11:00:00.000Z', { T2: 0 })); // --task T2, now failing
    expect(progress.chapters['02-tiny']).toEqual({ tasks: { T1: { passed: true, earned: 5 }, T2: { passed: false, earned: 0 } }, best: 8, lastGradedAt: '2026-12-01T11:00:00.000Z' });
  });
});

describe('grade -- status', { timeout: CLI_TIMEOUT_MS }, () => {
  it('with nothing graded yet, lists every chapter as never graded and points to the first task', async () => {
    const result = await runGrader(['grade', 'status'], { LAB_PROGRESS: tempFile() });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^ {2}02 A tiny chapter +-\/2 +- +- +never +T1 · Say hello$/m);
    expect(result.stdout).toContain('next: npm run grade -- 01 --task T1');
  });

  it('shows what the last grade of your code found; grading the reference records nothing', async () => {
    const file = tempFile();
    expect((await runGrader(['grade', '02', '--solution'], { LAB_PROGRESS: file })).code).toBe(0);
    expect((await runGrader(['grade', 'status'], { LAB_PROGRESS: file })).stdout).toMatch(/02 A tiny chapter +-\/2/);
    expect((await runGrader(['grade', '02'], { LAB_PROGRESS: file })).code).toBe(1);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Progress;
    expect(saved.chapters['02-tiny']?.tasks).toEqual({ T1: { passed: false, earned: 0 }, T2: { passed: false, earned: 0 } });
    const status = await runGrader(['grade', 'status'], { LAB_PROGRESS: file });
    expect(status.stdout).toMatch(/^ {2}02 A tiny chapter +0\/2 +0\/8 +0 +\d{4}-\d\d-\d\d \d\d:\d\d +T1 · Say hello$/m);
  });

  it('sets an unreadable progress file aside with one line, and the next grade rewrites it', async () => {
    const file = tempFile();
    writeFileSync(file, '{"version": 1, "chapters": {"02-tiny": "garbage"');
    const status = await runGrader(['grade', 'status'], { LAB_PROGRESS: file });
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/^grader: .*progress\.json was not a progress file; it starts afresh with the next grade\n$/);
    expect(status.stdout).toContain('never');
    await runGrader(['grade', '02', '--task', 'T1'], { LAB_PROGRESS: file });
    expect((JSON.parse(readFileSync(file, 'utf8')) as Progress).chapters['02-tiny']?.tasks).toEqual({ T1: { passed: false, earned: 0 } });
  });

  it('takes no chapters or options', async () => {
    const result = await runGrader(['grade', 'status', '02']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^grader: "status" takes no chapters or options\n/);
  });
});
