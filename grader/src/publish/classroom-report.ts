// Turns the grader's --json report into the input of GitHub Classroom's autograding reporter
// (classroom-resources/autograding-grading-reporter@v1). The reporter reads, for each name in its
// `runners` input, an environment variable <NAME>_RESULTS holding base64 JSON in the format the
// classroom graders output (autograding-command-grader, -io-grader):
//   { version: 1, status: "pass" | "fail" | "error", max_score,
//     tests: [{ name, status, score, message, test_code, filename, line_no, duration }] }
// It prints each runner's tests, totals the tests' `score` over the runners' `max_score` and
// posts "Points <total>/<max>" to Classroom. One runner per task, with one test scored all or
// nothing, keeps its printed per-runner points (passed tests / tests x max_score) equal to the
// task's points.
import type { ChapterMeta } from '../course/chapter-schema.ts';
import type { GradeReport, TaskReport } from '../runner/report.ts';

export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
  test_code: string;
  filename: string;
  line_no: number;
  duration: number;
}

export interface ClassroomResult {
  version: 1;
  status: ClassroomTest['status'];
  max_score: number;
  tests: ClassroomTest[];
}

export interface ExpectedTask {
  /** Chapter folder name, "01-single-server". */
  chapter: string;
  id: string;
  title: string;
  points: number;
}

/** The reporter upper-cases a runner's name to find its variable: keep names to letters and digits. */
export function runnerId(chapter: string, task: string): string {
  return `ch${chapter.slice(0, 2)}${task.toLowerCase()}`;
}

export function expectedTasks(chapters: { name: string; meta: ChapterMeta }[]): ExpectedTask[] {
  return chapters.flatMap(({ name, meta }) => meta.tasks.map((t) => ({ chapter: name, id: t.id, title: `${t.title}${t.stretch ? ' (stretch)' : ''}`, points: t.points })));
}

/** Classroom shows the message in the Actions log; a long failure is cut, the full report stays in the grade step. */
const MAX_MESSAGE = 2000;

function clip(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}

function taskMessage(task: TaskReport): string {
  if (task.status === 'passed') return `${task.checks.passed} of ${task.checks.total} checks pass`;
  const failed = task.tests.find((t) => t.status === 'failed');
  const first = failed ? `${failed.name}: ${failed.message ?? 'failed'}` : 'failed';
  return clip(`${task.checks.passed} of ${task.checks.total} checks pass. ${first}\nhint: ${task.hint}\nread: ${task.lesson}`);
}

/**
 * One reporter result per expected task. A task the report does not hold (the grader could not
 * run: a tampered suite, a crash) is an "error" worth 0 of its points, so the total stays out
 * of the published course's maximum instead of shrinking with it.
 */
export function classroomResults(report: GradeReport | undefined, expected: ExpectedTask[], problem?: string): Map<string, ClassroomResult> {
  const results = new Map<string, ClassroomResult>();
  for (const want of expected) {
    const task = report?.chapters.find((c) => c.id === want.chapter)?.tasks.find((t) => t.id === want.id);
    const status = !task ? 'error' : task.status === 'passed' ? 'pass' : 'fail';
    const test: ClassroomTest = {
      name: `${want.chapter} ${want.id} · ${want.title}`,
      status,
      score: task && status === 'pass' ? task.points.earned : 0,
      message: task ? taskMessage(task) : clip(`not graded: ${problem ?? report?.error ?? 'the report has no result for this task'}`),
      test_code: `npm run grade -- ${want.chapter.slice(0, 2)} --task ${want.id}`,
      filename: task ? task.lesson.split('#')[0]! : '',
      line_no: 0,
      duration: task ? task.tests.reduce((sum, t) => sum + t.durationMs, 0) : 0,
    };
    results.set(runnerId(want.chapter, want.id), { version: 1, status, max_score: want.points, tests: [test] });
  }
  return results;
}

/** Lines for $GITHUB_ENV: NAME_RESULTS=<base64 JSON>, one per runner. */
export function envLines(results: Map<string, ClassroomResult>): string {
  return [...results].map(([runner, result]) => `${runner.toUpperCase()}_RESULTS=${Buffer.from(JSON.stringify(result)).toString('base64')}\n`).join('');
}

/** Reads a --json report's text; a missing, empty or foreign one is a problem to report, not a crash. */
export function parseReport(text: string | undefined): { report?: GradeReport; problem?: string } {
  if (!text?.trim()) return { problem: 'the grader printed no report (see the grade step of this run)' };
  try {
    const report = JSON.parse(text) as GradeReport;
    if (report.schema !== 'scaling-lab/grade-report' || !Array.isArray(report.chapters)) return { problem: 'the grader printed something other than a grade report' };
    return report.status === 'error' ? { report, problem: report.error ?? 'the grader could not run' } : { report };
  } catch {
    return { problem: 'the grader printed something other than a JSON report (see the grade step of this run)' };
  }
}
