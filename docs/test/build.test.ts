import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult } from '../src/build-book.ts';
import { BuildError } from '../src/errors.ts';
import { fixtureCopy } from './support/fixture.ts';

describe('building the fixture course', () => {
  const fixture = fixtureCopy();
  let result: BuildResult;
  const read = (file: string) => readFileSync(path.join(fixture.outDir, file), 'utf8');
  beforeAll(() => {
    result = buildBook({ root: fixture.root, outDir: fixture.outDir });
  });
  afterAll(() => fixture.cleanup());

  it('writes one folder per page, a print page, a 404 page and the assets', () => {
    for (const file of ['index.html', 'chapters/01-zeta/index.html', 'chapters/02-alpha/index.html', 'concepts/why/index.html', 'appendix/glossary/index.html', 'print/index.html', '404.html', 'search-index.json', 'assets/book.js', 'assets/minisearch.js', 'chapters/01-zeta/images/flow.svg']) {
      expect(existsSync(path.join(fixture.outDir, file)), file).toBe(true);
    }
    expect(result.warnings).toHaveLength(1);
  });

  it('marks the current page in the sidebar and links previous and next in reading order', () => {
    const page = read('chapters/01-zeta/index.html');
    expect(page).toContain('<a href="./" aria-current="page">01 · Zeta comes first</a>');
    expect(page).toContain('rel="prev" href="../../"');
    expect(page).toContain('rel="next" href="../02-alpha/"');
    expect(read('index.html')).not.toContain('rel="prev"');
    expect(read('appendix/glossary/index.html')).not.toContain('rel="next"');
  });

  it('folds the sidebar by part: every part a <details>, open unless the reader folded it', () => {
    const page = read('chapters/01-zeta/index.html');
    expect(page).toContain('<details class="toc-part" data-part="chapters" open><summary><h2 class="toc-part-title">Build the stack</h2></summary><ol>');
    expect(page.match(/<details class="toc-part"/g)).toHaveLength(4);
    // The folds are restored by a script right after the sidebar, before the page is painted.
    expect(page).toMatch(/<\/nav>\n<script>\(function\(\)\{var f;try\{f=JSON\.parse\(localStorage\.getItem\('book-toc-folded'\)/);
  });

  it('lists the page sections in the outline', () => {
    expect(read('chapters/01-zeta/index.html')).toMatch(/<aside class="outline"[^>]*><p class="outline-title">On this page<\/p><ol><li class="outline-h2"><a href="#t1-count-the-widgets">/);
  });

  it('puts every page on the print page, in order', () => {
    const print = read('print/index.html');
    const order = ['id="home"', 'id="chapters-01-zeta"', 'id="chapters-02-alpha"', 'id="concepts-why"', 'id="concepts-also"', 'id="appendix-glossary"'].map((id) => print.indexOf(id));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('indexes sections for search: a word found in one section leads to that section', () => {
    const { options, index } = JSON.parse(read('search-index.json'));
    const search = MiniSearch.loadJS(index, options);
    const hits = search.search('flibbertigibbet');
    expect(hits.map((h) => h.url)).toEqual(['chapters/01-zeta/#t1-count-the-widgets']);
    expect(search.search('zzqxv')).toEqual([]);
    expect(search.search('quuxcookie').map((h) => h.url)).toEqual(['appendix/glossary/#sticky-session-affinity']);
  });

  it('serves the 404 page from any depth through its base href', () => {
    expect(read('404.html')).toContain('<base href="/">');
  });
});

describe('the broken link check', () => {
  const plant = (file: string, text: string) => {
    const fixture = fixtureCopy();
    appendFileSync(path.join(fixture.root, file), text);
    return fixture;
  };
  const failure = (fixture: ReturnType<typeof fixtureCopy>) => {
    try {
      buildBook({ root: fixture.root, outDir: fixture.outDir });
    } catch (error) {
      return error;
    } finally {
      // Nothing half-built is left behind.
      expect(existsSync(fixture.outDir)).toBe(false);
      fixture.cleanup();
    }
    throw new Error('the build succeeded despite the planted broken link');
  };

  it('fails the build on a link to a heading that does not exist', () => {
    const error = failure(plant('chapters/02-alpha/README.md', '\nSee [nothing](../01-zeta/README.md#no-such-heading).\n'));
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).problems).toEqual([
      'chapters/02-alpha/README.md: link "../01-zeta/#no-such-heading" is broken: chapters/01-zeta/index.html has no heading or element with id "no-such-heading"',
    ]);
  });

  it('fails the build on a link to a file that does not exist, naming the line', () => {
    const error = failure(plant('docs/pages/concepts/02-also.md', '\nSee [gone](03-gone.md).\n'));
    expect((error as BuildError).problems).toEqual([
      'docs/pages/concepts/02-also.md:5: broken link "03-gone.md": there is no docs/pages/concepts/03-gone.md in the repository',
    ]);
  });

  it('fails the build on a task whose lesson anchor is not a heading of the README', () => {
    const fixture = fixtureCopy();
    const file = path.join(fixture.root, 'chapters/02-alpha/chapter.json');
    const meta = JSON.parse(readFileSync(file, 'utf8'));
    meta.tasks[0].lesson = 't1-renamed-heading';
    writeFileSync(file, JSON.stringify(meta));
    const error = failure(fixture);
    expect((error as BuildError).message).toContain('has no heading or element with id "t1-renamed-heading"');
  });
});
