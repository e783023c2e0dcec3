// The learner's progress across the course: every `npm run grade` of their own code records each
// graded task's latest result in a small file of their copy (.lab/progress.json, ignored by git),
// and `npm run grade -- status` prints it as one table with the next task to work on.
// The file is a convenience, never a source of truth: a missing or unreadable one starts afresh.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Chapter } from '../course/chapters.ts';
import type { GradeReport } from '../runner/report.ts';

export interface TaskProgress {
  passed: boolean;
  earned: number;
}

export interface ChapterProgress {
  /** The latest result of each task graded so far, by task id. */
  tasks: Record<string, TaskProgress>;
  /** The best chapter total reached so far (latest results of all its tasks, summed). */
  best: number;
  /** When the chapter was last graded, as an ISO date. */
  lastGradedAt: string;
}

export interface Progress {
  version: 1;
  /** By chapter folder name ("01-single-server"). */
  chapters: Record<string, ChapterProgress>;
}

/** LAB_PROGRESS names the file (the grader's own tests use it); else .lab/progress.json in the course. */
export function progressFile(courseRoot: string): string {
  return process.env.LAB_PROGRESS ? path.resolve(process.env.LAB_PROGRESS) : path.join(courseRoot, '.lab', 'progress.json');
}

function empty(): Progress {
  return { version: 1, chapters: {} };
}

function isChapterProgress(value: unknown): value is ChapterProgress {
  if (typeof value !== 'object' || value === null) return false;
  const { tasks, best, lastGradedAt } = value as Partial<ChapterProgress>;
  if (typeof best !== 'number' || typeof lastGradedAt !== 'string' || typeof tasks !== 'object' || tasks === null) return false;
  return Object.values(tasks).every((t: unknown) => typeof t === 'object' && t !== null && typeof (t as TaskProgress).passed === 'boolean' && typeof (t as TaskProgress).earned === 'number');
}

/** The saved progress; `problem` says why it was set aside when the file was not readable. */
export function loadProgress(file: string): { progress: Progress; problem?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { progress: empty() };
    return { progress: empty(), problem: `cannot read ${file} (${(error as Error).message})` };
  }
  try {
    const parsed = JSON.parse(text) as Partial<Progress>;
    if (parsed.version === 1 && typeof parsed.chapters === 'object' && parsed.chapters !== null && Object.values(parsed.chapters).every(isChapterProgress)) {
      return { progress: { version: 1, chapters: parsed.chapters } };
    }
  } catch {
    // Reported below.
  }
  return { progress: empty(), problem: `${file} was not a progress file; it starts afresh with the next grade` };
}

/** The progress after `report`: each graded task's latest result replaces the one before. */
export function recordReport(progress: Progress, report: GradeReport): Progress {
  const chapters = { ...progress.chapters };
  for (const chapter of report.chapters) {
    if (chapter.suite !== 'grading') continue;
    const before = chapters[chapter.id];
    const tasks = { ...before?.tasks };
    for (const task of chapter.tasks) tasks[task.id] = { passed: task.status === 'passed', earned: task.points.earned };
    const total = Object.values(tasks).reduce((sum, t) => sum + t.earned, 0);
    chapters[chapter.id] = { tasks, best: Math.max(before?.best ?? 0, total), lastGradedAt: report.startedAt };
  }
  return { version: 1, chapters };
}

/** Writes beside the file, then renames over it: an interrupted save leaves the old file whole. */
export function saveProgress(file: string, progress: Progress): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(temporary, file);
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The course as a table: one row per chapter, then the one next step. */
export function renderStatus(chapters: readonly Chapter[], progress: Progress): string {
  const header = ['chapter', 'tasks', 'points', 'best', 'last graded', 'next'];
  const rows: string[][] = [];
  let next: { chapter: Chapter; taskId: string } | undefined;
  let earned = 0;
  let possible = 0;
  for (const chapter of chapters) {
    const saved = progress.chapters[chapter.name];
    const tasks = chapter.meta.tasks;
    const chapterPossible = tasks.reduce((sum, t) => sum + t.points, 0);
    possible += chapterPossible;
    const todo = tasks.find((t) => !saved?.tasks[t.id]?.passed);
    if (todo && !next) next = { chapter, taskId: todo.id };
    const points = tasks.reduce((sum, t) => sum + (saved?.tasks[t.id]?.earned ?? 0), 0);
    earned += points;
    rows.push([
      `${chapter.number} ${chapter.meta.title}`,
      saved ? `${tasks.filter((t) => saved.tasks[t.id]?.passed).length}/${tasks.length}` : `-/${tasks.length}`,
      saved ? `${points}/${chapterPossible}` : '-',
      saved ? String(saved.best) : '-',
      saved ? saved.lastGradedAt.slice(0, 16).replace('T', ' ') : 'never',
      todo ? `${todo.id} · ${todo.title}` : 'done',
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 2, 3]);
  const line = (cells: string[]) => `  ${cells.map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i]!, numeric.has(i)))).join('  ')}`.trimEnd();
  const out = ['Your progress (latest result of each task; times in UTC)', line(header), ...rows.map(line), `  Total ${earned}/${possible} points`];
  if (next) {
    const task = next.chapter.meta.tasks.find((t) => t.id === next.taskId)!;
    out.push(`next: npm run grade -- ${next.chapter.number} --task ${task.id}   (read chapters/${next.chapter.name}/README.md#${task.lesson})`);
  } else {
    out.push('next: every task of every chapter passes. Well done.');
  }
  return `${out.join('\n')}\n`;
}
