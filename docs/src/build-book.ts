// Builds the book: load pages in order, render each (and again for the print page), wrap them
// in the layout, build the search index, check every link, then write. Nothing is written when
// a link is broken, so a half-broken book never replaces a good one.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { courseRoot } from '@scaling-lab/grader/course';
import { checkLinks, type OutputDoc } from './check-links.ts';
import { BuildError } from './errors.ts';
import { BOOK_TITLE, layout } from './layout.ts';
import { createMarkdown } from './markdown/create-markdown.ts';
import { LinkResolver } from './markdown/resolve-link.ts';
import { outline, pager, sidebar } from './navigation.ts';
import { lastCommitDates, pageMeta, repoPath } from './page-meta.ts';
import { withMutationTable } from './mutation-table.ts';
import { loadPages } from './pages.ts';
import { renderPage } from './render-page.ts';
import { buildSearchIndex } from './search-index.ts';
import { startHereWarning } from './start-here.ts';
import { notFoundContent, printContent } from './special-pages.ts';
import { outputFile } from './urls.ts';
import { clientFiles, writeOutput } from './write-output.ts';

function chapterImages(root: string, chapterDir: string): [string, string][] {
  const dir = path.join(chapterDir, 'images');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [file, path.relative(root, file).split(path.sep).join('/')];
    });
}

export interface BuildOptions {
  /** The course root (chapters/ and docs/pages/); defaults to courseRoot(), which honours LAB_ROOT. */
  root?: string;
  outDir: string;
  /** Base URL for links to repository files (e.g. a GitHub tree URL); without it they are plain text. */
  sourceUrl?: string;
  /** Base URL to edit a source file (e.g. "https://github.com/org/repo/edit/main/"); without it, no "Edit this page" link. */
  editUrl?: string;
  /** Where the book is served from; only the 404 page needs it. Default "/". */
  base?: string;
}

export interface BuildResult {
  outDir: string;
  pages: string[];
  files: number;
  searchEntries: number;
  warnings: string[];
  ms: number;
}

export function buildBook(options: BuildOptions): BuildResult {
  const started = performance.now();
  const root = options.root ?? courseRoot();
  const warnings: string[] = [];
  const pages = loadPages(root, warnings);
  const chapters = pages.flatMap((page) => (page.chapter ? [page.chapter] : []));
  for (const page of pages) page.markdown = withMutationTable(page.markdown, chapters);
  for (const page of pages) {
    const stale = page.chapter && page.markdown.trim() !== '' ? startHereWarning(page.markdown, page.chapter) : undefined;
    if (stale) warnings.push(stale);
  }
  const resolver = new LinkResolver(root, pages, options.sourceUrl);
  const md = createMarkdown();
  const rendered = pages.map((page) => renderPage(md, page, resolver, 'page'));
  const printed = pages.map((page) => renderPage(md, page, resolver, 'print'));
  const problems = rendered.flatMap((r) => r.problems);
  const dates = lastCommitDates(root, pages.map((page) => repoPath(root, page)));

  const docs: OutputDoc[] = rendered.map(({ page, html, headings, sections }, index) => {
    const description = page.chapter?.meta.summary ?? sections[0]?.text.slice(0, 160) ?? page.title;
    const shell = layout({
      id: page.id,
      title: index === 0 ? BOOK_TITLE : page.title,
      description,
      sidebar: sidebar(pages, page.id, page.id),
      content: html,
      footer: pageMeta(page, root, dates, options.editUrl),
      pager: pager(pages, index),
      outline: outline(headings),
    });
    return { id: page.id, file: outputFile(page.id), html: shell, source: path.relative(root, page.source) };
  });
  const printHtml = layout({
    id: 'print',
    title: 'The whole book',
    description: `${BOOK_TITLE}, every page on one page for printing.`,
    sidebar: sidebar(pages, 'print', null),
    content: printContent(printed),
    bodyClass: 'print-page',
  });
  docs.push({ id: 'print', file: 'print/index.html', html: printHtml, source: 'the print page' });
  const notFound = layout({
    id: '',
    title: 'Page not found',
    description: 'There is no page at this address.',
    sidebar: sidebar(pages, '', null),
    content: notFoundContent(),
    base: options.base ?? '/',
  });
  docs.push({ id: '', file: '404.html', html: notFound, source: 'the 404 page' });

  const sections = rendered.flatMap((r) => r.sections);
  const files = new Map<string, string>([...docs.map((d): [string, string] => [d.file, d.html]), ['search-index.json', buildSearchIndex(sections)]]);
  for (const [file, content] of clientFiles()) files.set(file, content);
  const copies = new Map<string, string>();
  for (const r of [...rendered, ...printed]) for (const [source, output] of r.assets) copies.set(source, output);
  // A chapter's images/ folder goes along whole, for images a README places with raw <img>.
  for (const page of pages) if (page.chapter) for (const [source, output] of chapterImages(root, page.chapter.dir)) copies.set(source, output);

  const linkProblems = checkLinks(docs, [...files.keys(), ...copies.values()]);
  // The print page repeats every page's links: report it only when the pages themselves are clean.
  const onPages = linkProblems.filter((p) => !p.startsWith('the print page'));
  problems.push(...(onPages.length > 0 ? onPages : linkProblems));
  if (problems.length > 0) throw new BuildError(`the book has ${problems.length} broken link(s); nothing was written`, [...new Set(problems)]);

  writeOutput(options.outDir, files, copies);
  return {
    outDir: options.outDir,
    pages: pages.map((p) => p.id),
    files: files.size + copies.size,
    searchEntries: sections.length,
    warnings,
    ms: Math.round(performance.now() - started),
  };
}
