// Loads every page of the book in reading order. The order is never written down twice: book
// pages sort by their `NN-` file prefix, chapters by their folder name, and the four parts sit
// in the fixed order below (chapters before concepts: learners build first and the chapters
// link to the concept pages when they need them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Chapter, loadChapter } from '@scaling-lab/grader/course';
import { BuildError } from './errors.ts';

export interface Part {
  key: 'preface' | 'chapters' | 'concepts' | 'appendix';
  title: string;
}

export const PARTS: readonly Part[] = [
  { key: 'preface', title: 'Start here' },
  { key: 'chapters', title: 'Build the stack' },
  { key: 'concepts', title: 'Concepts' },
  { key: 'appendix', title: 'Appendix' },
];

export interface BookPage {
  /** Output folder relative to the book root, without slashes at the ends; '' is the home page. */
  id: string;
  part: Part;
  /** Absolute path of the Markdown source. */
  source: string;
  /** Title in the sidebar, the browser tab and search results. */
  title: string;
  markdown: string;
  chapter?: Chapter;
}

const PAGE_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** The text of the first level-one ATX heading, outside code fences. */
export function firstHeading(markdown: string): string | undefined {
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const match = /^#\s+(.*?)\s*#*\s*$/.exec(line);
    if (match) return match[1]!.replace(/`/g, '');
  }
  return undefined;
}

function bookPagesOf(root: string, part: Part): BookPage[] {
  const dir = path.join(root, 'docs', 'pages', part.key);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  return files.map((file) => {
    const source = path.join(dir, file);
    const match = PAGE_FILE.exec(file);
    if (!match) throw new BuildError(`${source}: book pages are named NN-slug.md (two digits give the order)`);
    const markdown = readFileSync(source, 'utf8');
    const title = firstHeading(markdown);
    if (!title) throw new BuildError(`${source}: a book page starts with a "# Title" heading`);
    return { id: `${part.key}/${match[2]}`, part, source, title, markdown };
  });
}

const CHAPTER_DIR = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Chapters in folder order, as listChapters() finds them, except that a folder without its
 * chapter.json yet (a chapter being started) is left out with a warning instead of failing.
 */
function chapters(root: string, warnings: string[]): Chapter[] {
  const dir = path.join(root, 'chapters');
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && CHAPTER_DIR.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return names.flatMap((name) => {
    if (existsSync(path.join(dir, name, 'chapter.json'))) return [loadChapter(path.join(dir, name))];
    warnings.push(`chapters/${name} has no chapter.json yet: it is left out of the book`);
    return [];
  });
}

function chapterPages(root: string, part: Part, warnings: string[]): BookPage[] {
  return chapters(root, warnings).map((chapter) => {
    const source = path.join(chapter.dir, 'README.md');
    // A chapter still being written has no lesson yet: it gets a page from its metadata alone.
    const markdown = existsSync(source) ? readFileSync(source, 'utf8') : '';
    return { id: `chapters/${chapter.name}`, part, source, title: chapter.meta.title, markdown, chapter };
  });
}

export function loadPages(root: string, warnings: string[] = []): BookPage[] {
  const pages = PARTS.flatMap((part) => (part.key === 'chapters' ? chapterPages(root, part, warnings) : bookPagesOf(root, part)));
  if (pages.length === 0) throw new BuildError(`no pages found under ${root}`);
  // The first page is the book's front door: it is served at the root.
  const first = pages[0]!;
  pages[0] = { ...first, id: '' };
  return pages;
}

/** "01 · A single server" for chapters, the plain title elsewhere. */
export function navLabel(page: BookPage): string {
  return page.chapter ? `${page.chapter.number} · ${page.title}` : page.title;
}
