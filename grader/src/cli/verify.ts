// `lab-verify`: the course checks itself, one chapter at a time. The reference earns full
// marks, the untouched stubs earn the documented floor, every mutant loses exactly the tasks
// it declares, the visible tests pass on the reference, and the static checks hold.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Chapter } from '../course/chapters.ts';
import { listMutants, type Mutant } from '../course/mutants.ts';
import { gradeChapter } from '../runner/grade-chapter.ts';
import { removeOnInterrupt } from '../runner/leftovers.ts';
import { takeSnapshot } from '../runner/suite-snapshot.ts';
import type { ChapterReport } from '../runner/report.ts';
import type { SuiteSnapshot } from '../runner/suite-snapshot.ts';
import { affectedTasks, type LoadTrace, readTrace } from './affected-tasks.ts';
import { forEachInOrder } from './in-order.ts';
import { staticChecks } from './verify-checks.ts';

export interface VerifyOptions {
  seed: number;
  /** Grade the reference this many times (flakiness hunt). */
  repeat: number;
  log: (line: string) => void;
  /** Check only these tasks (and the mutants that break only them); empty: every task. */
  tasks?: readonly string[];
  /** How many mutants are graded at once. */
  jobs: number;
}

export interface VerifyOutcome {
  passed: number;
  failed: number;
}

const failedTasks = (report: ChapterReport) => report.tasks.filter((t) => t.status === 'failed').map((t) => t.id);

function firstFailures(report: ChapterReport): string {
  const lines: string[] = [];
  for (const task of report.tasks) {
    const test = task.tests.find((t) => t.status === 'failed');
    if (test) lines.push(`      ${task.id} ${test.name}: ${(test.message ?? '').split('\n')[0]}`);
  }
  return lines.join('\n');
}

export async function verifyChapter(chapter: Chapter, options: VerifyOptions): Promise<VerifyOutcome> {
  // One copy of the suites for every grade of the chapter, taken before any of them runs.
  const snapshot = takeSnapshot([chapter], ['grading', 'test']);
  const keepSnapshot = removeOnInterrupt(snapshot.root);
  try {
    return await verifyFromSnapshot(chapter, options, snapshot);
  } finally {
    keepSnapshot();
    snapshot.dispose();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function verifyFromSnapshot(chapter: Chapter, options: VerifyOptions, snapshot: SuiteSnapshot): Promise<VerifyOutcome> {
  const verifyStarted = performance.now();
  const outcome: VerifyOutcome = { passed: 0, failed: 0 };
  const record = (ok: boolean, name: string, detail?: string) => {
    ok ? outcome.passed++ : outcome.failed++;
    options.log(`  ${ok ? '✔' : '✘'} ${name}${!ok && detail ? `\n${detail}` : ''}`);
  };
  // Stubs and mutants only need to know which tasks they lose: each task stops at its first failure.
  const grade = (source: Parameters<typeof gradeChapter>[1], suite: 'grading' | 'visible' = 'grading', tasks = options.tasks, traceDir?: string) =>
    gradeChapter(chapter, source, { seed: options.seed, suite, tasks, failFast: source.kind !== 'solution', traceDir, snapshot });
  const only = options.tasks ?? [];
  const inScope = (breaks: readonly string[]) => only.length === 0 || breaks.every((id) => only.includes(id));

  options.log(`verify ${chapter.name} (seed ${options.seed}${only.length > 0 ? `, tasks ${only.join(', ')}` : ''})`);
  for (const check of staticChecks(chapter)) record(check.problems.length === 0, check.name, check.problems.map((p) => `      ${p}`).join('\n'));

  // The first reference run also records which learner files each task loads, so that a mutant
  // is graded only on the tasks it can change (affected-tasks.ts).
  const traceDir = mkdtempSync(path.join(os.tmpdir(), 'lab-trace-'));
  const keepTrace = removeOnInterrupt(traceDir);
  let trace: LoadTrace | undefined;
  try {
    for (let run = 1; run <= options.repeat; run++) {
      const reference = await grade({ kind: 'solution' }, 'grading', options.tasks, run === 1 ? traceDir : undefined);
      if (run === 1 && reference.status === 'passed') trace = readTrace(traceDir);
      const label = options.repeat > 1 ? ` (run ${run} of ${options.repeat})` : '';
      record(reference.status === 'passed', `the reference earns full marks${label}: ${reference.points.earned}/${reference.points.possible} in ${seconds(reference.durationMs)}`, firstFailures(reference));
    }
  } finally {
    keepTrace();
    rmSync(traceDir, { recursive: true, force: true });
  }
  const allTasks = chapter.meta.tasks.map((task) => task.id).filter((id) => only.length === 0 || only.includes(id));

  const stubs = await grade({ kind: 'learner' });
  // The floor is documented for the whole chapter; a selection of tasks is expected to earn 0.
  const floor = only.length > 0 ? 0 : chapter.meta.stubFloor;
  record(stubs.points.earned === floor, `the untouched stubs earn ${floor} points: ${stubs.points.earned}/${stubs.points.possible} in ${seconds(stubs.durationMs)}`);

  const visible = await grade({ kind: 'solution' }, 'visible');
  if (visible.tasks.length > 0 || only.length === 0) record(visible.status === 'passed', `the visible tests pass on the reference (${visible.tasks.reduce((n, t) => n + t.tests.length, 0)} tests)`, firstFailures(visible));

  const checkMutant = async (mutant: Mutant): Promise<{ ok: boolean; line: string; detail?: string }> => {
    const affected = affectedTasks(trace, mutant.patch, allTasks);
    const graded = affected ? ` [graded on ${affected.join(', ') || 'no task'}: the tasks that load what it patches]` : '';
    let lost: string[] = [];
    let report: ChapterReport | undefined;
    const started = performance.now();
    if (affected?.length !== 0) {
      try {
        report = await grade({ kind: 'mutant', name: mutant.name, patch: mutant.patch }, 'grading', affected ?? options.tasks);
      } catch (error) {
        return { ok: false, line: `mutant ${mutant.name}: ${(error as Error).message}` };
      }
      lost = failedTasks(report);
    }
    const exact = lost.join(',') === [...mutant.breaks].sort().join(',');
    // The time says where a slow `npm test` goes: each mutant is a grading run of its own.
    const took = ` in ${seconds(performance.now() - started)}`;
    const line = `mutant "${mutant.title}" loses exactly ${mutant.breaks.join(', ')}${exact ? '' : `, but lost ${lost.join(', ') || 'nothing'}`}${graded}${took}`;
    return { ok: exact, line, detail: exact || !report ? undefined : firstFailures(report) };
  };
  // Each mutant is a whole grading run that mostly waits on timers and sockets: `jobs` of them
  // run side by side, and their lines come in the mutants' order.
  const mutants = listMutants(chapter).filter((m) => inScope(m.breaks));
  await forEachInOrder(mutants, options.jobs, checkMutant, (check) => record(check.ok, check.line, check.detail));
  options.log(`  ${chapter.name}: ${outcome.passed + outcome.failed} checks in ${seconds(performance.now() - verifyStarted)}`);
  return outcome;
}
