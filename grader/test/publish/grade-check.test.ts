// publish:branches --check-grades grades both editions in checkouts of their own before a branch
// moves: the learner stubs must earn nothing, the solutions edition's src/ full marks.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeGrades } from '../../src/publish/grade-check.ts';
import { publish } from '../../src/publish/publish.ts';
import { linkNodeModules } from '../../src/publish/published-tree.ts';
import { PublishError } from '../../src/publish/publish-error.ts';
import type { CourseChapter } from '../../src/publish/editions.ts';
import type { GradeReport } from '../../src/runner/report.ts';
import { type CourseRepo, makeCourseRepo } from './course-repo.ts';

const chapters = [{ name: '02-tiny', meta: { stubFloor: 0 } }] as CourseChapter[];
const report = (tasks: [string, boolean, number][]): GradeReport => {
  const earned = tasks.reduce((sum, [, passed, points]) => sum + (passed ? points : 0), 0);
  const possible = tasks.reduce((sum, [, , points]) => sum + points, 0);
  const chapter = { id: '02-tiny', points: { earned, possible }, tasks: tasks.map(([id, passed]) => ({ id, status: passed ? 'passed' : 'failed' })) };
  return { status: 'fail', points: { earned, possible }, chapters: [chapter] } as unknown as GradeReport;
};

describe('judgeGrades', () => {
  it('wants nothing from the stubs and everything from the reference', () => {
    expect(judgeGrades('learner', report([['T1', false, 5], ['T2', false, 3]]), chapters)).toBeUndefined();
    expect(judgeGrades('learner', report([['T1', true, 5], ['T2', false, 3]]), chapters)).toBe("the learner edition's stubs earn 5/8 in 02-tiny (T1 pass)");
    expect(judgeGrades('solutions', report([['T1', true, 5], ['T2', true, 3]]), chapters)).toBeUndefined();
    expect(judgeGrades('solutions', report([['T1', true, 5], ['T2', false, 3]]), chapters)).toBe("the solutions edition's src/ earns 5/8 in 02-tiny (T2 fail)");
    expect(judgeGrades('solutions', { ...report([]), chapters: [] }, chapters)).toBe("the solutions edition's 02-tiny was not graded");
    expect(judgeGrades('learner', { status: 'error', error: 'the hidden suites differ\nmore' } as GradeReport, chapters)).toBe('the learner edition could not be graded: the hidden suites differ');
  });
});

// Real grading runs of the fixture course: seconds each, more on a loaded machine.
describe('publish --check-grades', { timeout: 300_000 }, () => {
  let repo: CourseRepo;
  beforeAll(() => {
    repo = makeCourseRepo();
    // The test course gets this checkout's installed packages, as a course checkout has its own.
    linkNodeModules(path.resolve(import.meta.dirname, '../../..'), repo.dir);
  });
  afterAll(() => repo.remove());

  it('publishes when the stubs earn nothing and the solutions edition earns full marks', async () => {
    const lines: string[] = [];
    const published = await publish({ repoDir: repo.dir, checkGrades: true, log: (line) => lines.push(line) });
    expect(published.learner.changed).toBe(true);
    expect(lines).toContain('check: the learner edition earns 0/8');
    expect(lines).toContain('check: the solutions edition earns 8/8');
  });

  it('refuses, moving no branch, when a stub already earns points', async () => {
    const before = repo.git('rev-parse', 'learner', 'solutions');
    repo.write('chapters/02-tiny/src/server.ts', "import http from 'node:http';\n\n// TODO(T2): answer GET /bye with \"bye\".\nhttp.createServer((req, res) => (req.url === '/hello' ? res.end('hello') : res.writeHead(404).end())).listen(Number(process.env.PORT), '127.0.0.1');\n");
    repo.commit('a stub that answers too much');
    const error = await publish({ repoDir: repo.dir, checkGrades: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as Error).message).toBe("the learner edition's stubs earn 5/8 in 02-tiny (T1 pass)");
    expect(repo.git('rev-parse', 'learner', 'solutions')).toBe(before);
  });
});
