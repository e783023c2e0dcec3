// The "next:" line's choice: the first failed task, core tasks before stretch tasks.
import { describe, expect, it } from 'vitest';
import { nextTask } from '../../src/cli/render-human.ts';
import type { ChapterReport, GradeReport, TaskReport } from '../../src/runner/report.ts';

const task = (id: string, status: 'passed' | 'failed', stretch = false): TaskReport => ({
  id, title: `task ${id}`, status, stretch, points: { earned: 0, possible: 1 }, hint: '', lesson: `chapters/x/README.md#${id}`, checks: { passed: 0, total: 1 }, tests: [],
});
const chapter = (id: string, tasks: TaskReport[]): ChapterReport => ({ id, title: id, code: 'learner', suite: 'grading', status: 'failed', points: { earned: 0, possible: 1 }, durationMs: 1, tasks });
const report = (chapters: ChapterReport[]): GradeReport => ({
  schema: 'scaling-lab/grade-report', version: 1, status: 'fail', seed: 1, suitesDigest: '', startedAt: '', durationMs: 1, points: { earned: 0, possible: 1 }, chapters,
});

describe('nextTask', () => {
  it('picks the first failed core task, across chapters in order', () => {
    const next = nextTask(report([chapter('01-a', [task('T1', 'passed'), task('T8', 'failed', true)]), chapter('02-b', [task('T1', 'passed'), task('T2', 'failed'), task('T3', 'failed')])]));
    expect([next?.chapter.id, next?.task.id]).toEqual(['02-b', 'T2']);
  });

  it('falls back to a failed stretch task, and to nothing when all passed', () => {
    expect(nextTask(report([chapter('01-a', [task('T1', 'passed'), task('T8', 'failed', true)])]))?.task.id).toBe('T8');
    expect(nextTask(report([chapter('01-a', [task('T1', 'passed')])]))).toBeUndefined();
  });
});
