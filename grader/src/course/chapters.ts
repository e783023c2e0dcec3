// Finding chapters on disk: order and slug come from the folder name `NN-slug`, everything
// else from the chapter's metadata file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupError, UsageError } from '../errors.ts';
import { type ChapterMeta, parseChapterMeta } from './chapter-schema.ts';

export interface Chapter {
  /** Two digits, from the folder name: "01". */
  number: string;
  slug: string;
  /** Folder name, "01-single-server"; also the chapter's id in reports. */
  name: string;
  dir: string;
  meta: ChapterMeta;
}

const CHAPTER_DIR = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** The course root: LAB_ROOT when set (the grader's own tests use a tiny course), else this repo. */
export function courseRoot(): string {
  if (process.env.LAB_ROOT) return path.resolve(process.env.LAB_ROOT);
  return fileURLToPath(new URL('../../../', import.meta.url));
}

export function loadChapter(dir: string): Chapter {
  const name = path.basename(dir);
  const match = CHAPTER_DIR.exec(name);
  if (!match) throw new SetupError(`${dir} is not a chapter folder (expected NN-slug)`);
  const file = path.join(dir, 'chapter.json');
  if (!existsSync(file)) throw new SetupError(`${name} has no chapter.json`, 'Every chapter declares its tasks there.');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SetupError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return { number: match[1]!, slug: match[2]!, name, dir, meta: parseChapterMeta(raw, file) };
}

/** Chapter folders in course order, without reading their metadata. */
export function chapterDirs(root = courseRoot()): string[] {
  const chaptersDir = path.join(root, 'chapters');
  if (!existsSync(chaptersDir)) throw new SetupError(`no chapters/ folder in ${root}`);
  return readdirSync(chaptersDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && CHAPTER_DIR.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(chaptersDir, name));
}

export function listChapters(root = courseRoot()): Chapter[] {
  return chapterDirs(root).map(loadChapter);
}

/**
 * Accepts "01", "1", "single-server" or "01-single-server". Only the chapter found is loaded,
 * so one chapter's broken metadata never stops work on another.
 */
export function findChapter(query: string, root = courseRoot()): Chapter {
  const wanted = query.trim().toLowerCase();
  const dirs = chapterDirs(root);
  const found = dirs.find((dir) => {
    const [, number, slug] = CHAPTER_DIR.exec(path.basename(dir))!;
    return path.basename(dir) === wanted || slug === wanted || number === wanted || (/^\d+$/.test(wanted) && Number(number) === Number(wanted));
  });
  if (found) return loadChapter(found);
  const known = dirs.map((dir) => path.basename(dir)).join(', ');
  throw new UsageError(`there is no chapter "${query}"`, `Pick one of: ${known}.`);
}

/** The course's shared workspace packages (`packages/*`, such as the provided Chirp app). */
export function workspacePackages(): string[] {
  const dir = path.join(courseRoot(), 'packages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'package.json')))
    .map((entry) => path.join(dir, entry.name));
}
