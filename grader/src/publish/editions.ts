// What each published edition changes besides the chapters' solution/ and mutants/ folders, so
// that it reads as its reader's repository: a README written for that reader (from a template,
// with the chapter list from each chapter.json) and package.json scripts that all work there.
import { readFileSync } from 'node:fs';
import { type ChapterMeta, parseChapterMeta } from '../course/chapter-schema.ts';
import type { Git } from './git.ts';

export type Edition = 'learner' | 'solutions';

export interface CourseChapter {
  /** Folder name, "01-single-server". */
  name: string;
  meta: ChapterMeta;
}

// The same rule as the course loader (course/chapters.ts): chapters/NN-slug.
const CHAPTER_DIR = /^chapters\/(\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** The chapters of a commit, in course order, read from its chapter.json blobs by the one validator. */
export function readChapters(git: Git, commit: string): CourseChapter[] {
  const dirs = git
    .run(['ls-tree', '-d', '--name-only', '--full-tree', commit, 'chapters/'])
    .split('\n')
    .map((dir) => CHAPTER_DIR.exec(dir)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
  return dirs.map((name) => {
    const file = `chapters/${name}/chapter.json`;
    let raw: unknown;
    try {
      raw = JSON.parse(git.run(['show', `${commit}:${file}`]));
    } catch (error) {
      throw new Error(`${file} in ${commit.slice(0, 10)} is missing or not JSON: ${(error as Error).message.split('\n')[0]}`);
    }
    return { name, meta: parseChapterMeta(raw, file) };
  });
}

/** A markdown table of the chapters: link to the lesson, what it builds, tasks and points. */
export function chapterTable(chapters: CourseChapter[]): string {
  const rows = chapters.map(({ name, meta }) => {
    const stretch = meta.tasks.filter((t) => t.stretch).length;
    const tasks = `${meta.tasks.length}${stretch > 0 ? ` (${stretch} stretch)` : ''}`;
    const points = meta.tasks.reduce((sum, t) => sum + t.points, 0);
    const cell = (text: string) => text.replaceAll('|', '\\|');
    return `| [${name.slice(0, 2)} · ${cell(meta.title)}](chapters/${name}/README.md) | ${cell(meta.summary)} | ${tasks} | ${points} |`;
  });
  return ['| chapter | what you build | tasks | points |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderReadme(edition: Edition, chapters: CourseChapter[]): string {
  const template = readFileSync(new URL(`./templates/${edition}-README.md`, import.meta.url), 'utf8');
  return template.replace('{{chapters}}', () => chapterTable(chapters));
}

/** Scripts that only work with solution/ and mutants/ (the course author's self-checks). */
const AUTHOR_SCRIPTS = ['verify', 'mutation', 'publish:branches'];
/** Instructors' tools: they work anywhere, but a learner's repository has no use for them. */
const INSTRUCTOR_SCRIPTS = ['classroom'];

type Manifest = { scripts?: Record<string, string>; [field: string]: unknown };

function editManifest(text: string, edit: (manifest: Manifest) => void): string {
  const manifest = JSON.parse(text) as Manifest;
  edit(manifest);
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The root package.json of an edition: without the author's scripts (nor, for learners, the
 * instructors' `classroom`); `npm test` becomes what a
 * reader of that edition expects of it (type checks, then every chapter's starter tests: they
 * fail on untouched stubs and pass on the reference); and a marker naming the edition, which
 * tools (the grader) can read to tell a solutions checkout's src/ from a learner's.
 */
export function rootManifest(text: string, edition: Edition): string {
  return editManifest(text, (manifest) => {
    const scripts = manifest.scripts ?? {};
    for (const name of [...AUTHOR_SCRIPTS, ...(edition === 'learner' ? INSTRUCTOR_SCRIPTS : [])]) delete scripts[name];
    scripts.test = 'npm run typecheck && npm run check -- --all';
    manifest.scripts = scripts;
    manifest.scalingLab = { edition };
  });
}

/** A chapter's package.json without its `verify` script (lab-verify needs solution/). */
export function chapterManifest(text: string): string {
  return editManifest(text, (manifest) => {
    if (manifest.scripts) for (const name of AUTHOR_SCRIPTS) delete manifest.scripts[name];
  });
}
