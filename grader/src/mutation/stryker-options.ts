// Stryker's options for one chapter: mutate the reference solution in place, and test each
// mutant by grading the solution with the hidden suite (the command runner: the exit code is
// the verdict, any failing test kills the mutant).
import path from 'node:path';
import type { Chapter } from '../course/chapters.ts';

export interface StrykerPlan {
  options: Record<string, unknown>;
  /** The grade each mutant gets, as an author would type it. */
  testCommand: string;
  /** Stryker's JSON report (mutation-testing-report-schema). */
  jsonReport: string;
}

/** Where a run keeps its working files: inside the chapter's .lab/ scratch folder (gitignored). */
export const workFolder = (chapter: Chapter): string => path.join(chapter.dir, '.lab', 'mutation');

/** The JSON report of the last full run (with the verdicts of any re-test of its survivors). */
export const fullReport = (chapter: Chapter): string => path.join(workFolder(chapter), 'stryker-report.json');

/**
 * @param root the course root, where Stryker runs (in place mode works in the current directory)
 * @param only Stryker mutate patterns with ranges, to grade only those mutants (`--survivors`)
 */
export function strykerPlan(chapter: Chapter, root: string, concurrency: number, only?: string[]): StrykerPlan {
  const chapterPath = path.relative(root, chapter.dir).replaceAll(path.sep, '/');
  const work = workFolder(chapter);
  const jsonReport = only ? path.join(work, 'stryker-retest.json') : fullReport(chapter);
  // --bail: a killed mutant ends at its first failing test. The grader spawns the learner
  // programs; it passes Stryker's __STRYKER_ACTIVE_MUTANT__ on to them (child-env.ts).
  const grade = `grade ${chapter.number} --solution --bail --no-color`;
  return {
    testCommand: `npm run ${grade.replace('grade ', 'grade -- ')}`,
    jsonReport,
    options: {
      testRunner: 'command',
      commandRunner: { command: `"${process.execPath}" grader/bin/lab-grade.mjs ${grade}` },
      // The grader copies solution/ over src/ into a run folder and compiles it with esbuild
      // (code-dir.ts, compile-code.ts): whatever is in solution/ when a grade starts is what
      // runs. So the instrumented files are written in place, and Stryker restores them at the
      // end (also on Ctrl-C). A sandbox copy would break the workspace's node_modules links and
      // the grader's own idea of the course root.
      inPlace: true,
      mutate: only ?? [`${chapterPath}/solution/**/*.ts`],
      // Stryker reads (and could rewrite) only what it does not ignore: nothing but solution/.
      ignorePatterns: ['/*', '!/chapters/', '/chapters/*', `!/${chapterPath}/`, `/${chapterPath}/*`, `!/${chapterPath}/solution/`],
      // The command runner cannot say which tests cover which mutant.
      coverageAnalysis: 'off',
      // Types are not checked when the grader compiles (esbuild strips them): no "// @ts-nocheck" edits.
      disableTypeChecks: false,
      concurrency,
      // A grade of the reference takes 6-15 s (more when the machine is busy): a mutant whose
      // grade goes on for twice that and 30 s more hangs something, and is reported timed out.
      timeoutFactor: 2,
      timeoutMS: 30_000,
      dryRunTimeoutMinutes: 5,
      tempDirName: path.relative(root, path.join(work, 'stryker-tmp')),
      cleanTempDir: true,
      reporters: ['json', 'progress'],
      jsonReporter: { fileName: path.relative(root, jsonReport) },
      // Only the built-in command runner: no scanning node_modules for plugins.
      plugins: [],
      logLevel: 'info',
      fileLogLevel: 'off',
    },
  };
}
