// A fingerprint of everything that decides one chapter's grade: the grader itself, the chapter's
// metadata and its hidden suite. One per chapter, so the value of a chapter never depends on
// which other chapters are graded with it: an instructor pins the published manifest of chapter
// digests (`--expect-suites`), and a copy whose suites or grader were edited no longer matches.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chapter } from '../course/chapters.ts';

/** The running grader's folder (holds package.json and src/). */
export const graderDir = fileURLToPath(new URL('../../', import.meta.url)).replace(/[\\/]$/, '');

/** A file that counts: where it is, and its name in the fingerprint (the same in every checkout). */
export interface CountedFile {
  file: string;
  /** "grader/src/...", "chapters/<name>/grading/...", always with forward slashes. */
  label: string;
}

/** Every file under `dir` (absolute paths), in a stable order. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const labelled = (root: string, prefix: string) => (file: string): CountedFile => ({
  file,
  label: `${prefix}/${path.relative(root, file).split(path.sep).join('/')}`,
});

/** The grader's part of every chapter's fingerprint: its package.json and its source. */
export function graderFiles(dir = graderDir): CountedFile[] {
  return [path.join(dir, 'package.json'), ...filesUnder(path.join(dir, 'src'))].map(labelled(dir, 'grader'));
}

/** The chapter's own part: chapter.json and the hidden suite with its support files. */
export function chapterSuiteFiles(chapter: Chapter): CountedFile[] {
  const files = [path.join(chapter.dir, 'chapter.json'), ...filesUnder(path.join(chapter.dir, 'grading'))];
  return files.map(labelled(chapter.dir, `chapters/${chapter.name}`));
}

/** sha256 over each file's label and content, in label order. */
export function digestContents(contents: { label: string; content: Buffer }[]): string {
  const hash = createHash('sha256');
  for (const { label, content } of [...contents].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))) {
    // Line endings are normalised so a checkout on Windows with autocrlf gives the same fingerprint.
    hash.update(label);
    hash.update('\0');
    hash.update(content.toString('utf8').replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The fingerprint of one chapter's suite and the grader, read from where they are now. */
export function chapterDigest(chapter: Chapter): string {
  return digestContents([...graderFiles(), ...chapterSuiteFiles(chapter)].map(({ file, label }) => ({ label, content: readFileSync(file) })));
}

/** Chapter name -> digest: what a published manifest holds. */
export function suitesManifest(chapters: Chapter[]): Record<string, string> {
  return Object.fromEntries(chapters.map((chapter) => [chapter.name, chapterDigest(chapter)]));
}
