// `publish:branches --check-grades`: grades each published edition in a checkout of its own, with
// its own grader and the command its readers run (the learner workflow's, digests included):
// the learner edition's untouched stubs must earn nothing (or the floor chapter.json documents),
// the solutions edition's src/ full marks, without --solution. Minutes on the real course, so
// opt-in; the grader's tests run it on a tiny fixture course.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GradeReport } from '../runner/report.ts';
import { renderManifest } from '../runner/suites-manifest.ts';
import type { CourseChapter, Edition } from './editions.ts';
import type { Git } from './git.ts';
import { checkOut, linkNodeModules } from './published-tree.ts';
import { PublishError } from './publish-error.ts';

/** A whole course on a slow machine; a stuck run must not hold the publication forever. */
const GRADE_TIMEOUT_MS = 60 * 60_000;

function gradeCheckout(dir: string, digests: Record<string, string>): Promise<{ code: number; report?: GradeReport; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.LAB_ROOT; // the checkout's grader must grade the checkout, not a course named elsewhere
  const bin = path.join(dir, 'grader', 'bin', 'lab-grade.mjs');
  // Beside the checkout (removed with it), as the workflow writes it beside its checkout.
  const manifest = path.join(path.dirname(dir), 'suites-manifest.json');
  writeFileSync(manifest, renderManifest(digests));
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'grade', '--all', '--expect-suites', manifest, '--json'], { cwd: dir, env, timeout: GRADE_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      let report: GradeReport | undefined;
      try {
        report = JSON.parse(stdout) as GradeReport;
      } catch {
        report = undefined;
      }
      resolve({ code, report, stderr });
    });
  });
}

/** What is wrong with an edition's grades, or undefined when they are as published editions must be. */
export function judgeGrades(edition: Edition, report: GradeReport, chapters: CourseChapter[]): string | undefined {
  if (report.status === 'error') return `the ${edition} edition could not be graded: ${report.error?.split('\n')[0]}`;
  for (const chapter of report.chapters) {
    const { earned, possible } = chapter.points;
    if (edition === 'learner') {
      const floor = chapters.find((c) => c.name === chapter.id)?.meta.stubFloor ?? 0;
      const passed = chapter.tasks.filter((t) => t.status === 'passed').map((t) => t.id);
      if (earned > floor) return `the learner edition's stubs earn ${earned}/${possible} in ${chapter.id} (${passed.join(', ')} pass${floor > 0 ? `; the documented floor is ${floor}` : ''})`;
    } else if (earned !== possible) {
      const failed = chapter.tasks.filter((t) => t.status === 'failed').map((t) => t.id);
      return `the solutions edition's src/ earns ${earned}/${possible} in ${chapter.id} (${failed.join(', ')} fail)`;
    }
  }
  const graded = new Set(report.chapters.map((c) => c.id));
  const missing = chapters.find((c) => !graded.has(c.name));
  return missing ? `the ${edition} edition's ${missing.name} was not graded` : undefined;
}

export async function checkGrades(
  git: Git,
  editions: { edition: Edition; tree: string }[],
  options: { repoDir: string; digests: Record<string, string>; chapters: CourseChapter[]; log: (line: string) => void },
): Promise<void> {
  for (const { edition, tree } of editions) {
    options.log(`check: grading the ${edition} edition as its readers will (npm run grade -- --all)...`);
    const checkout = checkOut(git, tree, edition);
    try {
      linkNodeModules(options.repoDir, checkout.dir);
      const { code, report, stderr } = await gradeCheckout(checkout.dir, options.digests);
      const problem = report ? judgeGrades(edition, report, options.chapters) : `the ${edition} edition's grader printed no report (exit ${code}: ${stderr.trim().split('\n').pop() ?? ''})`;
      if (problem) throw new PublishError(problem);
      options.log(`check: the ${edition} edition earns ${report!.points.earned}/${report!.points.possible}`);
    } finally {
      checkout.dispose();
    }
  }
}
