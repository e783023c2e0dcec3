// `npm run grade` and `npm run check`: grade chapters, print the report, exit 0/1/2.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLASSROOM_USAGE, parseClassroomArgs, runClassroom } from '../classroom/run-classroom.ts';
import { courseRoot, findChapter, listChapters } from '../course/chapters.ts';
import { LabError } from '../errors.ts';
import type { ChapterReport, GradeReport, TaskReport } from '../runner/report.ts';
import { REPORT_SCHEMA, REPORT_VERSION, sumPoints } from '../runner/report.ts';
import { gradeChapter } from '../runner/grade-chapter.ts';
import { containmentReport } from '../harness/containment.ts';
import { removeOnInterrupt } from '../runner/leftovers.ts';
import { takeSnapshot } from '../runner/suite-snapshot.ts';
import { checkDigests, expectedDigests } from '../runner/suites-manifest.ts';
import type { Chapter } from '../course/chapters.ts';
import { type CodeSource, describeSource } from '../course/code-dir.ts';
import { UsageError } from '../errors.ts';
import { type GradeArgs, parseCli, USAGE } from './args.ts';
import { cleanUpOnInterrupt } from './interrupt.ts';
import { openOtherCopy } from './code-source.ts';
import { readEdition } from '../publish/edition.ts';
import { checkDependencies } from './dependencies.ts';
import { watchAndGrade, watchedFiles } from './watch.ts';
import { loadProgress, progressFile, recordReport, renderStatus, saveProgress } from './progress.ts';
import { type RenderOptions, renderChapterHeading, renderChapterTotal, renderReportEnd, taskRenderer } from './render-human.ts';
import { renderJunit } from './render-junit.ts';

function useColor(args: GradeArgs): boolean {
  if (args.color !== undefined) return args.color;
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

function replayCommand(args: GradeArgs, seed: number): string {
  const chapters = args.all ? ['--all'] : args.chapters;
  const tasks = args.tasks.length > 0 ? ['--task', args.tasks.join(',')] : [];
  return ['npm run', args.command, '--', ...chapters, ...codeFlags(args), ...tasks, '--seed', String(seed)].join(' ');
}

/** The command that grades one task of a chapter again ("<chapter>" is filled in per task). */
function rerunCommand(args: GradeArgs): string {
  return ['npm run', args.command, '--', '<chapter>', ...codeFlags(args)].join(' ');
}

/** The flags that say whose code is graded, for the commands the report suggests. */
function codeFlags(args: GradeArgs): string[] {
  if (args.solution) return ['--solution'];
  return args.code !== undefined ? ['--code', /^[\w./:@~+-]+$/.test(args.code) ? args.code : `'${args.code.replaceAll("'", "'\\''")}'`] : [];
}

function checkTaskIds(chapter: Chapter, tasks: readonly string[]): void {
  const declared = chapter.meta.tasks.map((t) => t.id);
  const unknown = tasks.filter((id) => !declared.includes(id));
  if (unknown.length > 0) throw new UsageError(`${chapter.name} has no task ${unknown.join(', ')}`, `Its tasks are ${declared.join(', ')}.`);
}

/** Prints a chapter's block as it is graded: its heading, each task as soon as it is known, its total. */
class StreamingPrinter {
  private chapters = 0;

  /** @param live a terminal: show which tasks still run, on a line that each result replaces */
  constructor(
    private readonly options: RenderOptions,
    private readonly live: boolean,
  ) {}

  async chapter(
    heading: Pick<ChapterReport, 'id' | 'title' | 'code' | 'suite'>,
    taskIds: readonly string[],
    grade: (onTask: (task: TaskReport) => void) => Promise<ChapterReport>,
  ): Promise<ChapterReport> {
    const started = Date.now();
    const printed = new Set<string>();
    const clearStatus = () => this.live && process.stderr.write('\r\x1b[K');
    const showStatus = () => {
      const pending = taskIds.filter((id) => !printed.has(id));
      if (this.live && pending.length > 0) process.stderr.write(`\r\x1b[K  … ${pending.join(' ')} running · ${Math.round((Date.now() - started) / 1000)} s`);
    };
    const write = (text: string) => {
      clearStatus();
      process.stdout.write(`${text}\n`);
      showStatus();
    };
    if (this.chapters++ > 0) write('');
    write(renderChapterHeading(heading, this.options));
    const renderTaskLines = taskRenderer(heading.suite, this.options);
    const ticker = this.live ? setInterval(showStatus, 1000) : undefined;
    try {
      const report = await grade((task) => {
        printed.add(task.id);
        write(renderTaskLines(task));
      });
      clearInterval(ticker);
      for (const task of report.tasks) if (!printed.has(task.id)) write(renderTaskLines(task));
      clearStatus();
      process.stdout.write(`${renderChapterTotal(report, this.options)}\n`);
      return report;
    } finally {
      clearInterval(ticker);
      clearStatus();
    }
  }
}

async function grade(args: GradeArgs, startedAt: Date, printer?: StreamingPrinter): Promise<GradeReport> {
  const found = args.all ? listChapters() : args.chapters.map((q) => findChapter(q));
  const selected = found.filter((chapter, i) => found.findIndex((c) => c.dir === chapter.dir) === i);
  for (const chapter of selected) checkDependencies(chapter);
  for (const chapter of selected) checkTaskIds(chapter, args.tasks);
  const suite: ChapterReport['suite'] = args.command === 'check' ? 'visible' : 'grading';
  const expected = args.expectSuites === undefined ? undefined : expectedDigests(args.expectSuites, selected);
  // Before any learner code runs: every chapter's suites and the grader are copied and
  // fingerprinted, and the run grades from the copy (suite-snapshot.ts).
  const snapshot = takeSnapshot(selected, [suite === 'visible' ? 'test' : 'grading']);
  const untrack = removeOnInterrupt(snapshot.root);
  const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
  const chapters: ChapterReport[] = [];
  let other: Awaited<ReturnType<typeof openOtherCopy>> | undefined;
  try {
    if (expected) checkDigests(expected, snapshot.digests);
    other = args.code !== undefined ? await openOtherCopy(args.code) : undefined;
    const source: CodeSource = other ? { kind: 'code', root: other.root, label: other.label } : { kind: args.solution ? 'solution' : 'learner' };
    // On the published solutions edition, src/ holds the reference: say so, not "learner".
    const reference = !other && !args.solution && readEdition(courseRoot()) === 'solutions';
    const whose = other ? `the learner files of ${other.label}` : args.solution || reference ? 'reference solution' : 'your src/';
    const code = reference ? 'solution' : describeSource(source);
    for (const chapter of selected) {
      if (!args.json) process.stderr.write(`grading ${chapter.name} (${whose})...\n`);
      const options = { seed, suite, tasks: args.tasks, snapshot, bail: args.bail } as const;
      const heading = { id: chapter.name, title: chapter.meta.title, code, suite };
      const taskIds = chapter.meta.tasks.map((t) => t.id).filter((id) => args.tasks.length === 0 || args.tasks.includes(id));
      const report = await (printer ? printer.chapter(heading, taskIds, (onTask) => gradeChapter(chapter, source, { ...options, onTask })) : gradeChapter(chapter, source, options));
      chapters.push({ ...report, code });
    }
  } finally {
    other?.dispose();
    untrack();
    snapshot.dispose();
  }
  const failed = chapters.some((c) => c.status === 'failed');
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    status: failed ? 'fail' : 'pass',
    seed,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    points: sumPoints(chapters),
    chapters,
    containment: containmentReport(),
  };
}

/** Remembers the learner's results for `grade -- status`; a failure to save never fails the grade. */
function rememberProgress(report: GradeReport): void {
  const file = progressFile(courseRoot());
  try {
    saveProgress(file, recordReport(loadProgress(file).progress, report));
  } catch (error) {
    process.stderr.write(`grader: could not save your progress to ${file} (${(error as Error).message}); the grade above stands\n`);
  }
}

function errorReport(message: string, startedAt: Date): GradeReport {
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    status: 'error',
    seed: 0,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    points: { earned: 0, possible: 0 },
    chapters: [],
    error: message,
  };
}

/** `npm run classroom`: many learner copies into one gradebook. */
async function classroom(argv: string[]): Promise<number> {
  const options = parseClassroomArgs(argv);
  if (options === 'help') {
    process.stdout.write(`${CLASSROOM_USAGE}\n`);
    return 0;
  }
  // Ctrl-C: exit through process.exit, so that the classroom's exit handler stops its graders.
  cleanUpOnInterrupt('grader', false);
  process.stderr.write(`classroom: grading ${options.sources.length} learner copies (${options.chapters.map((c) => c.number).join(', ')}), ${options.parallel} at a time...\n`);
  const results = await runClassroom(options, (line) => process.stderr.write(`${line}\n`));
  const failed = results.filter((r) => !r.report || r.report.error).length;
  process.stdout.write(`Gradebook: ${path.join(options.out, 'gradebook.html')} and gradebook.csv (${results.length - failed} graded, ${failed} could not be)\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const startedAt = new Date();
  let args: GradeArgs | undefined;
  try {
    if (argv[0] === 'classroom') return await classroom(argv.slice(1));
    const parsed = parseCli(argv);
    if (parsed.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (parsed.command === 'status') {
      const { progress, problem } = loadProgress(progressFile(courseRoot()));
      if (problem) process.stderr.write(`grader: ${problem}\n`);
      process.stdout.write(renderStatus(listChapters(), progress));
      return 0;
    }
    args = parsed;
    if (args.watch) {
      const selected = args.all ? listChapters() : args.chapters.map((q) => findChapter(q));
      const files = watchedFiles(selected);
      return await watchAndGrade(argv.filter((arg) => arg !== '--watch'), files, { clear: process.stdout.isTTY === true });
    }
    cleanUpOnInterrupt('grader', true);
    const renderOptions: RenderOptions = { color: useColor(args), verbose: args.verbose, replay: '', rerun: rerunCommand(args) };
    // A person reads the report as it comes; --json is one document at the end.
    const printer = args.json ? undefined : new StreamingPrinter(renderOptions, process.stdout.isTTY === true && process.stderr.isTTY === true);
    const report = await grade(args, startedAt, printer);
    // Progress is the learner's own: not the reference's, not another copy's.
    if (args.command === 'grade' && !args.solution && !args.bail && args.code === undefined && readEdition(courseRoot()) !== 'solutions') rememberProgress(report);
    if (args.junit) writeFileSync(args.junit, renderJunit(report));
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const end = renderReportEnd(report, { ...renderOptions, replay: replayCommand(args, report.seed) });
      if (end) process.stdout.write(`\n${end}\n`);
    }
    return report.status === 'pass' ? 0 : 1;
  } catch (error) {
    const expected = error instanceof LabError;
    const message = expected ? error.message : `unexpected error (a bug in the grader): ${(error as Error).stack ?? error}`;
    if (args?.json) process.stdout.write(`${JSON.stringify(errorReport(message, startedAt), null, 2)}\n`);
    process.stderr.write(`grader: ${message}${expected && error.next ? `\n${error.next}` : ''}\n`);
    return 2;
  }
}

// Vitest may leave timers behind; the exit code is decided here, so leave explicitly.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
