// The report as a learner reads it in a terminal: a line per task with its points, and for
// each failure what was expected, what happened, the program's last output and where to read.
import { Chalk, type ChalkInstance } from 'chalk';
import { type ContainmentReport, describeContainment } from '../harness/containment.ts';
import type { ChapterReport, GradeReport, TaskReport, TestReport } from '../runner/report.ts';

const OUTPUT_LINES = 12;

export interface RenderOptions {
  color: boolean;
  verbose: boolean;
  /** The command that grades again with the same inputs, shown after failures. */
  replay: string;
  /** How the learner runs one task again: "npm run grade -- 02" (the next: line adds --task). */
  rerun?: string;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** Failures already printed in this report: a repeat is shown in one line. */
type Seen = Set<string>;

function renderTest(test: TestReport, c: ChalkInstance, seen: Seen): string[] {
  if (test.status !== 'failed') return [`      ${c.green('✔')} ${c.dim(test.name)}`];
  const key = test.message ?? '';
  if (seen.has(key)) return [`      ${c.red('✘')} ${test.name} ${c.dim('(same failure as above)')}`];
  seen.add(key);
  const lines = [`      ${c.red('✘')} ${test.name}`, indent(test.message ?? '', '          ')];
  if (test.stack) lines.push(c.dim(indent(test.stack, '          ')));
  for (const output of (test.outputs ?? []).filter((o) => o.totalBytes > 0)) {
    const all = output.text.trimEnd().split('\n');
    const shown = all.slice(-OUTPUT_LINES);
    const cut = output.truncated || all.length > shown.length;
    lines.push(c.dim(`          last output of ${output.name}${cut ? ` (last ${shown.length} lines)` : ''}:`));
    lines.push(c.dim(indent(shown.join('\n'), '          | ')));
  }
  return lines;
}

function renderTask(task: TaskReport, options: RenderOptions, c: ChalkInstance, seen: Seen, graded: boolean): string[] {
  const passed = task.status === 'passed';
  const mark = passed ? c.green('✔') : c.red('✘');
  const passedTests = task.tests.filter((t) => t.status !== 'failed').length;
  // Points are all or nothing per task; the count of passing checks shows how close a failed one is.
  const progress = !passed && graded && task.tests.length > 1 ? c.dim(` · ${passedTests} of ${task.tests.length} checks pass`) : '';
  const score = graded ? `${task.points.earned}/${task.points.possible}` : `${passedTests} of ${task.tests.length} tests`;
  const title = `${task.title}${task.stretch ? c.dim(' (stretch)') : ''}`;
  const lines = [`  ${mark} ${c.bold(task.id.padEnd(3))} ${title} ${c.dim('·')} ${passed ? c.green(score) : c.red(score)}${progress}`];
  const failed = task.tests.filter((t) => t.status === 'failed');
  // Starter tests are few and meant to be watched: show them all.
  const shown = options.verbose || !graded ? task.tests : failed;
  for (const test of shown) lines.push(...renderTest(test, c, seen));
  if (!passed) {
    lines.push(`      ${c.yellow('hint:')} ${task.hint}`);
    lines.push(`      ${c.yellow('read:')} ${task.lesson}`);
  }
  return lines;
}

/** The first line of a chapter's block: which chapter, and whose code. */
export function renderChapterHeading(chapter: Pick<ChapterReport, 'id' | 'title' | 'code' | 'suite'>, options: RenderOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return c.bold(`${chapter.id} · ${chapter.title}`) + c.dim(`  (${chapter.suite === 'grading' ? '' : 'starter tests, '}${chapter.code})`);
}

/**
 * A chapter's task lines, one task at a time, as they come: `seen` is shared across the
 * chapter, so a failure repeated in a later task is shown in one line.
 */
export function taskRenderer(suite: ChapterReport['suite'], options: RenderOptions): (task: TaskReport) => string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const seen: Seen = new Set();
  const failed = new Map<string, TaskReport>();
  return (task) => {
    const lines = renderTask(task, options, c, seen, suite === 'grading');
    if (task.status === 'failed') {
      // Tasks come in order, so the tasks this one needs have been shown already (unless --task left them out).
      const before = task.needs.map((id) => failed.get(id)).filter((t) => t !== undefined);
      if (before.length > 0) {
        const names = before.map((t) => `${t.id} · ${t.title}`).join(' and ');
        const one = before.length === 1;
        lines.push(`      ${c.yellow('first:')} do ${names} first: these checks run on what ${one ? 'it builds, and it fails' : 'they build, and they fail'} too`);
      }
      failed.set(task.id, task);
    }
    return lines.join('\n');
  };
}

/** The last line of a chapter's block: points, tasks passed, time. */
export function renderChapterTotal(chapter: ChapterReport, options: RenderOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const passedTasks = chapter.tasks.filter((t) => t.status === 'passed').length;
  const seconds = (chapter.durationMs / 1000).toFixed(1);
  const tests = chapter.tasks.flatMap((t) => t.tests);
  const grade = `npm run grade -- ${chapter.id.slice(0, 2)}`;
  const total =
    chapter.suite === 'grading'
      ? `${chapter.points.earned}/${chapter.points.possible} points · ${passedTasks} of ${chapter.tasks.length} tasks passed · ${seconds} s`
      : tests.length === 0
        ? `no starter test covers the tasks asked for: the hidden suite checks them (${grade})`
        : `${tests.filter((t) => t.status !== 'failed').length} of ${tests.length} starter tests passed · ${seconds} s (the hidden suite checks much more: ${grade})`;
  return `  ${c.bold('Total')} ${total}`;
}

function bar(earned: number, possible: number, width = 20): string {
  const filled = possible === 0 ? 0 : Math.round((earned / possible) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** What follows the chapters: course progress (several chapters), the next: line, the replay line. */
export function renderReportEnd(report: GradeReport, options: RenderOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const parts: string[] = [];
  if (report.chapters.length > 1) {
    const rows = report.chapters.map((ch) => `  ${ch.id.padEnd(22)} ${bar(ch.points.earned, ch.points.possible)} ${ch.points.earned}/${ch.points.possible}`);
    parts.push([c.bold('Course progress'), ...rows, `  ${'all chapters'.padEnd(22)} ${bar(report.points.earned, report.points.possible)} ${report.points.earned}/${report.points.possible}`].join('\n'));
  }
  const next = options.rerun && nextTask(report);
  if (next) parts.push(c.bold(`next: ${next.task.id} · ${next.task.title}: ${options.rerun!.replace('<chapter>', next.chapter.id.slice(0, 2))} --task ${next.task.id}   (read ${next.task.lesson})`));
  if (report.status === 'fail') parts.push(c.dim(`Same inputs again: ${options.replay}`));
  // Rarely of interest to a learner; an instructor checking a machine asks for it with --verbose.
  if (options.verbose && report.containment) {
    const { processes, memory } = report.containment;
    parts.push(c.dim(`Your programs ran in ${describeContainment(processes)}; memory cap: ${MEMORY_CAP[memory]}.`));
  }
  return parts.join('\n\n');
}

/** How the memory cap was enforced, for --verbose. */
const MEMORY_CAP: Record<ContainmentReport['memory'], string> = {
  'cgroup-v1': 'enforced by the kernel (a memory cgroup each, cgroup v1)',
  'cgroup-v2': 'enforced by the kernel (a memory cgroup each, cgroup v2)',
  polled: "each program's resident memory, checked every 150 ms",
  unenforced: 'not enforced on this system',
};

/** The task to work on next: the first failed one, core tasks before stretch tasks. */
export function nextTask(report: GradeReport): { chapter: ChapterReport; task: TaskReport } | undefined {
  const failed = report.chapters.flatMap((chapter) => chapter.tasks.filter((task) => task.status === 'failed').map((task) => ({ chapter, task })));
  return failed.find((f) => !f.task.stretch) ?? failed[0];
}
