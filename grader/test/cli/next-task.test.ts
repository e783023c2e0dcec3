// The "next:" line's choice (the first failed task, core tasks before stretch tasks), and the
// "first:" line under a task whose needed task fails too.
import { describe, expect, it } from 'vitest';
import { nextTask, taskRenderer } from '../../src/cli/render-human.ts';
import type { ChapterReport, GradeReport, TaskReport } from '../../src/runner/report.ts';

const task = (id: string, status: 'passed' | 'failed', stretch = false, needs: string[] = []): TaskReport => ({
  id, title: `task ${id}`, status, stretch, points: { earned: 0, possible: 1 }, hint: '', lesson: `chapters/x/README.md#${id}`, needs, checks: { passed: 0, total: 1 }, tests: [],
});
const chapter = (id: string, tasks: TaskReport[]): ChapterReport => ({ id, title: id, code: 'learner', suite: 'grading', status: 'failed', points: { earned: 0, possible: 1 }, durationMs: 1, tasks });
const report = (chapters: ChapterReport[]): GradeReport => ({
  schema: 'scaling-lab/grade-report', version: 2, status: 'fail', seed: 1, startedAt: '', durationMs: 1, points: { earned: 0, possible: 1 }, chapters,
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

describe('a task that needs a failing task', () => {
  it('says to do that one first, only when it failed too', () => {
    const render = taskRenderer('grading', { color: false, verbose: false, replay: '' });
    expect(render(task('T1', 'failed'))).not.toContain('first:');
    expect(render(task('T2', 'passed'))).not.toContain('first:');
    expect(render(task('T3', 'failed', false, ['T1', 'T2']))).toContain('first: do T1 · task T1 first: these checks run on what it builds, and it fails too');
    expect(render(task('T4', 'failed', false, ['T2']))).not.toContain('first:');
  });
});
