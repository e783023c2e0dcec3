// Grades one chapter: prepares the code, runs the hidden suite (or the visible tests) against
// it, and scores the outcomes by the tasks declared in chapter.json.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Chapter, workspacePackages } from '../course/chapters.ts';
import { type CodeSource, describeSource, prepareCode } from '../course/code-dir.ts';
import { SetupError, SuiteError } from '../errors.ts';
import { compileCode } from '../harness/compile-code.ts';
import { containment } from '../harness/containment.ts';
import { ENV } from '../harness/context.ts';
import { type ChapterReport, sumPoints, type TaskReport, type TestReport } from './report.ts';
import { ownedName, removeAbandoned, removeOnInterrupt } from './leftovers.ts';
import { runNodeTests } from './run-node-tests.ts';
import { runVitest, type TestOutcome } from './run-vitest.ts';
import { type SuiteChange, type SuiteSnapshot, takeSnapshot } from './suite-snapshot.ts';
import { sweepAbandonedRuns, sweepRun, trackRun } from './sweep.ts';
import { filesByTask, filesOfTasks, TaskStream } from './task-stream.ts';

export type SuiteKind = 'grading' | 'visible';

export interface GradeOptions {
  seed: number;
  suite?: SuiteKind;
  /** Per-test time budget. */
  testTimeoutMs?: number;
  /** Grade only these tasks; unset or empty: every task. */
  tasks?: readonly string[];
  /** Stop each task at its first failing test (the verdict is all that is wanted: verify). */
  failFast?: boolean;
  /**
   * Stop the whole run at its first failing test (mutation testing: only "did any test fail"
   * matters). Tests not reached are skipped, so the points of such a run are not a grade.
   */
  bail?: boolean;
  /** Record, per task, which of the learner's files its processes load (verify; see verify.ts). */
  traceDir?: string;
  /** Called with each task's result as soon as it is known, in task order (some may only come in the end result). */
  onTask?: (task: TaskReport) => void;
  /**
   * The copy of the suites and the grader to run from, taken before any learner code started
   * (a grade of several chapters takes one for all). Unset: the run takes its own.
   */
  snapshot?: SuiteSnapshot;
}

const SUITE_FOLDER: Record<SuiteKind, string> = { grading: 'grading', visible: 'test' };

function toTestReport(outcome: TestOutcome): TestReport {
  const status = outcome.state === 'pass' ? 'passed' : outcome.state === 'skip' ? 'skipped' : 'failed';
  const report: TestReport = { name: outcome.name, status, durationMs: outcome.durationMs };
  if (outcome.message) report.message = outcome.message;
  if (outcome.stack) report.stack = outcome.stack;
  if (outcome.outputs) report.outputs = outcome.outputs;
  return report;
}

function scoreTasks(chapter: Chapter, tests: TestOutcome[], suite: SuiteKind, only?: readonly string[], bailed = false): TaskReport[] {
  const byTask = new Map<string, TestOutcome[]>();
  for (const test of tests) {
    const id = /^(T\d+)\b/.exec(test.suites[0] ?? '')?.[1];
    if (!id || !chapter.meta.tasks.some((t) => t.id === id)) {
      throw new SuiteError(`${chapter.name}: the test "${[...test.suites, test.name].join(' > ')}" is not inside a describeTask() block of a declared task`);
    }
    byTask.set(id, [...(byTask.get(id) ?? []), test]);
  }
  const selected = only && only.length > 0 ? chapter.meta.tasks.filter((t) => only.includes(t.id)) : chapter.meta.tasks;
  return selected.flatMap((task): TaskReport[] => {
    const outcomes = byTask.get(task.id) ?? [];
    // The hidden suite must cover every task; visible tests may cover only some; a run that
    // stopped at its first failure (bail) may not have reached a task's file at all.
    if (outcomes.length === 0) {
      if (suite === 'grading' && !bailed) throw new SuiteError(`${chapter.name}: the hidden suite has no test for ${task.id}`);
      return [];
    }
    const passed = outcomes.every((o) => o.state !== 'fail');
    return [{
      id: task.id,
      title: task.title,
      status: passed ? 'passed' : 'failed',
      stretch: task.stretch,
      points: { earned: passed ? task.points : 0, possible: task.points },
      hint: task.hint,
      lesson: `chapters/${chapter.name}/README.md#${task.lesson}`,
      needs: task.needs,
      checks: { passed: outcomes.filter((o) => o.state !== 'fail').length, total: outcomes.length },
      tests: outcomes.map(toTestReport),
    }];
  });
}

/** The files of the first task this run grades (all tasks, or those `only` names). */
function firstTaskFiles(chapter: Chapter, files: Map<string, Set<string>>, only: readonly string[] | undefined): string[] {
  const first = chapter.meta.tasks.find((task) => !only?.length || only.includes(task.id));
  return first ? [...(files.get(first.id) ?? [])] : [];
}

/** A TaskStream that scores each task as its files finish and hands the report to `onTask`. */
function streamTasks(chapter: Chapter, suite: SuiteKind, files: Map<string, Set<string>>, only: readonly string[] | undefined, onTask: (task: TaskReport) => void): TaskStream {
  const selected = chapter.meta.tasks.filter((t) => !only || only.length === 0 || only.includes(t.id));
  // Visible tests cover only some tasks: stream those. A hidden suite covers every task.
  const ids = selected.map((t) => t.id).filter((id) => suite === 'grading' || files.has(id));
  return new TaskStream(ids, files, (id, outcomes) => {
    try {
      for (const task of scoreTasks(chapter, outcomes, suite, [id])) onTask(task);
    } catch {
      // A suite problem: the end result reports it.
    }
  });
}

export async function gradeChapter(chapter: Chapter, source: CodeSource, options: GradeOptions): Promise<ChapterReport> {
  const suite = options.suite ?? 'grading';
  const suiteDir = path.join(chapter.dir, SUITE_FOLDER[suite]);
  if (!existsSync(suiteDir) || !readdirSync(suiteDir).some((f) => f.endsWith('.test.ts'))) {
    throw new SetupError(`${chapter.name} has no ${SUITE_FOLDER[suite]}/*.test.ts files`);
  }
  const started = Date.now();
  // Named by their owner's pid: what graders that were killed outright left goes first, the
  // programs they started included.
  const runsDir = path.join(os.tmpdir(), 'scaling-lab');
  sweepAbandonedRuns(runsDir);
  removeAbandoned(path.join(chapter.dir, '.lab', 'runs'));
  const runId = ownedName();
  const runDir = path.join(runsDir, runId);
  mkdirSync(runDir, { recursive: true });
  const snapshot = options.snapshot ?? takeSnapshot([chapter], [SUITE_FOLDER[suite]]);
  const ownSnapshot = options.snapshot ? undefined : snapshot;
  let code: ReturnType<typeof prepareCode>;
  try {
    code = prepareCode(chapter, source, runId);
  } catch (error) {
    ownSnapshot?.dispose();
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  const untrack = trackRun({ runDir, runId, dispose: () => code.dispose() });
  const keepSnapshot = ownSnapshot ? removeOnInterrupt(ownSnapshot.root) : () => {};
  // The suites run from the copy; the chapter's other files are reachable there under the same names.
  const suiteRoot = snapshot.chapterDir(chapter);
  try {
    const compiledDir = path.join(runDir, 'compiled');
    await compileCode(code.dir, compiledDir);
    // The provided workspace packages (the Chirp app) are TypeScript too: compile them once.
    const compiledPackages = workspacePackages().map((dir): [string, string] => [dir, path.join(runDir, 'packages', path.basename(dir))]);
    await Promise.all(compiledPackages.map(([dir, out]) => compileCode(dir, out)));
    const filtered = options.tasks !== undefined && options.tasks.length > 0;
    // Which files declare which task: for streaming, and for a run of some tasks only.
    const files = options.onTask || filtered ? filesByTask(suiteRoot, SUITE_FOLDER[suite]) : undefined;
    // Only a learner watching the lines come needs the first task's files to start alone; a run
    // nobody watches (verify's) is fastest with every file at once.
    const order = options.onTask ? files : undefined;
    // A run of some tasks loads only the files that declare them: every other file would cost a
    // test worker's start and its imports just to skip its tests (verify grades each mutant so).
    const chosen = filtered ? filesOfTasks(files!, options.tasks!) : undefined;
    const stream = options.onTask && streamTasks(chapter, suite, files!, options.tasks, options.onTask);
    const run = await (suite === 'visible' ? runNodeTests : runVitest)({
      root: suiteRoot,
      folder: SUITE_FOLDER[suite],
      tasks: options.tasks,
      include: chosen ?? [`${SUITE_FOLDER[suite]}/**/*.test.ts`],
      // LAB_TEST_TIMEOUT_MS lets the grader's own tests shorten the budget for hostile fixtures.
      testTimeoutMs: options.testTimeoutMs ?? (Number(process.env.LAB_TEST_TIMEOUT_MS) || 30_000),
      // describeTask names each block "T3 <title>", so a pattern on that prefix selects tasks.
      testNamePattern: filtered ? new RegExp(`^(${options.tasks!.join('|')}) `) : undefined,
      onFileDone: stream && ((file, outcomes) => stream.fileDone(file, filtered ? outcomes.filter((o) => o.state !== 'skip') : outcomes)),
      // Streaming: T1's files first, then T2's..., so the first lines come early.
      startFirst: order && chapter.meta.tasks.flatMap((t) => [...(order.get(t.id) ?? [])]),
      // ...and the first task's files alone, so that its line is not held up by the others' starts.
      headStart: order && firstTaskFiles(chapter, order, options.tasks),
      bail: options.bail,
      scratchDir: runDir,
      workers: Number(process.env.LAB_WORKERS) || Math.max(2, os.availableParallelism() + 1),
      env: {
        [ENV.chapterDir]: suiteRoot,
        [ENV.codeDir]: code.dir,
        [ENV.runDir]: runDir,
        [ENV.runId]: runId,
        [ENV.seed]: String(options.seed),
        [ENV.compiledDir]: compiledDir,
        [ENV.compiledPackages]: JSON.stringify(compiledPackages),
        // Decided once here, so that each test worker need not probe the system again.
        [ENV.containment]: containment(),
        ...(options.failFast || options.bail ? { [ENV.failFast]: '1' } : {}),
        ...(options.traceDir ? { [ENV.traceDir]: options.traceDir } : {}),
      },
    });
    // Checked first: a suite rewritten during the run may well be the reason it could not run.
    const change = snapshot.findChange();
    if (change) throw new SuiteError(...explainChange(change));
    if (run.errors.length > 0) throw new SuiteError(`${chapter.name}: the ${suite} suite could not run:\n${run.errors.join('\n')}`);
    // Tests that the name pattern filtered out come back as skipped: they are not this run's.
    const ran = filtered ? run.tests.filter((t) => t.state !== 'skip') : run.tests;
    const tasks = scoreTasks(chapter, ran, suite, options.tasks, options.bail === true && ran.some((t) => t.state === 'fail'));
    const points = sumPoints(tasks);
    return {
      id: chapter.name,
      title: chapter.meta.title,
      code: describeSource(source),
      suite,
      ...(snapshot.digests[chapter.name] ? { suitesDigest: snapshot.digests[chapter.name] } : {}),
      status: tasks.every((t) => t.status === 'passed') ? 'passed' : 'failed',
      points,
      durationMs: Date.now() - started,
      tasks,
    };
  } finally {
    untrack();
    keepSnapshot();
    sweepRun(runDir, runId);
    code.dispose();
    ownSnapshot?.dispose();
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** The message and the advice for a suite or grader file that changed while it was graded. */
export function explainChange(change: SuiteChange): [message: string, next: string] {
  const where = change.where === 'copy' ? "in this run's copy of the suites" : 'in this copy of the course';
  return [
    `${change.label} was ${change.what} ${where} while the grade ran (by a program the grade started, or by anything else running as you): the grade is void`,
    change.where === 'source'
      ? `If your code did it, restore the file (for instance "git checkout -- ${change.label}") and make your code write only to its DATA_DIR; then grade again.`
      : 'Make your code write only to its DATA_DIR, and grade again.',
  ];
}
