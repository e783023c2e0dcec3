// The learner workflow's converter: the grader's --json report in, GitHub Classroom's
// autograding-reporter input out (one runner per task, base64 JSON per runner).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type ClassroomResult, classroomResults, envLines, type ExpectedTask, parseReport } from '../../src/publish/classroom-report.ts';

const fixture = path.join(import.meta.dirname, 'fixtures', 'grade-report-02-tiny.json');
const expected: ExpectedTask[] = [
  { chapter: '02-tiny', id: 'T1', title: 'Say hello', points: 5 },
  { chapter: '02-tiny', id: 'T2', title: 'Say goodbye', points: 3 },
];

/** What the reporter does with one NAME_RESULTS value. */
const decode = (value: string) => JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as ClassroomResult;

describe('classroomResults', () => {
  it('gives each task a runner with its points, scored all or nothing', () => {
    const { report, problem } = parseReport(readFileSync(fixture, 'utf8'));
    expect(problem).toBeUndefined();
    const results = classroomResults(report, expected);
    expect([...results.keys()]).toEqual(['ch02t1', 'ch02t2']);
    expect(results.get('ch02t1')).toEqual({
      version: 1,
      status: 'pass',
      max_score: 5,
      tests: [{ name: '02-tiny T1 · Say hello', status: 'pass', score: 5, message: '1 of 1 checks pass', test_code: 'npm run grade -- 02 --task T1', filename: 'chapters/02-tiny/README.md', line_no: 0, duration: 120 }],
    });
    const failed = results.get('ch02t2')!;
    expect(failed).toMatchObject({ status: 'fail', max_score: 3, tests: [{ status: 'fail', score: 0 }] });
    expect(failed.tests[0]!.message).toBe('0 of 1 checks pass. says bye: GET /bye: expected status 200, got 404\nhint: Answer GET /bye with status 200 and the text bye.\nread: chapters/02-tiny/README.md#t2-say-goodbye');
  });

  it('writes one $GITHUB_ENV line per runner, base64 JSON the reporter decodes', () => {
    const { report } = parseReport(readFileSync(fixture, 'utf8'));
    const lines = envLines(classroomResults(report, expected)).trimEnd().split('\n');
    expect(lines.map((l) => l.split('=')[0])).toEqual(['CH02T1_RESULTS', 'CH02T2_RESULTS']);
    const total = lines.map((l) => decode(l.slice(l.indexOf('=') + 1))).reduce((sum, r) => sum + r.tests[0]!.score, 0);
    expect(total).toBe(5);
  });

  it('scores every task 0 of its points, as an error, when the grader could not grade', () => {
    const refused = JSON.stringify({ schema: 'scaling-lab/grade-report', version: 1, status: 'error', chapters: [], error: 'the hidden suites or the grader differ from the expected version' });
    for (const text of [refused, '', 'npm ERR! something']) {
      const { report, problem } = parseReport(text);
      expect(problem).toBeDefined();
      const results = [...classroomResults(report, expected, problem).values()];
      expect(results.map((r) => [r.status, r.max_score, r.tests[0]!.score])).toEqual([['error', 5, 0], ['error', 3, 0]]);
    }
    const { report, problem } = parseReport(refused);
    expect(classroomResults(report, expected, problem).get('ch02t1')!.tests[0]!.message).toBe('not graded: the hidden suites or the grader differ from the expected version');
  });

  it('runs as the workflow runs it, with the tasks of every chapter of the course', async () => {
    const cli = path.resolve(import.meta.dirname, '../../src/publish/classroom-report-cli.ts');
    const course = path.resolve(import.meta.dirname, '../fixtures/course');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, fixture], { env: { ...process.env, LAB_ROOT: course } });
    const vars = Object.fromEntries(stdout.trimEnd().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(decode(vars.CH02T1_RESULTS!)).toMatchObject({ status: 'pass', max_score: 5 });
    // The fixture report holds only 02-tiny: the other chapters' tasks count as not graded.
    expect(decode(vars.CH01T1_RESULTS!)).toMatchObject({ status: 'error' });
  });
});
