import { readFileSync } from 'node:fs';
import path from 'node:path';
import { headingAnchors } from '@scaling-lab/grader/course';
import { describe, expect, it } from 'vitest';
import { createMarkdown } from '../src/markdown/create-markdown.ts';
import { LinkResolver } from '../src/markdown/resolve-link.ts';
import { loadPages } from '../src/pages.ts';
import { renderPage } from '../src/render-page.ts';
import { FIXTURE } from './support/fixture.ts';

const pages = loadPages(FIXTURE);
const md = createMarkdown();
const render = (id: string, mode: 'page' | 'print' = 'page', sourceUrl?: string) =>
  renderPage(md, pages.find((p) => p.id === id)!, new LinkResolver(FIXTURE, pages, sourceUrl), mode);

describe('heading anchors', () => {
  it('are the anchors the grader computes, so lesson links in chapter.json resolve', () => {
    const readme = readFileSync(path.join(FIXTURE, 'chapters/01-zeta/README.md'), 'utf8');
    const ids = render('chapters/01-zeta').headings.map((h) => h.id);
    expect(ids).toEqual(headingAnchors(readme));
    expect(ids).toContain('t2-share-the-widgets');
    expect(ids).toContain('details-1');
  });

  it('carry a self-link', () => {
    expect(render('chapters/01-zeta').html).toContain('<h2 id="t1-count-the-widgets">T1 · Count the widgets <a class="heading-anchor" href="#t1-count-the-widgets"');
  });

  it('are prefixed by page on the print page, where all pages share one document', () => {
    const { html } = render('chapters/01-zeta', 'print');
    expect(html).toContain('id="chapters-01-zeta--t1-count-the-widgets"');
    expect(html).toContain('href="#chapters-01-zeta--details-1"');
  });
});

describe('glossary term anchors', () => {
  it('give every row of a "term" table an id slugged from its term, clear of heading ids', () => {
    const { html } = render('appendix/glossary');
    expect(html).toContain('<tr id="widget">');
    expect(html).toContain('<tr id="sticky-session-affinity">');
    expect(html).toContain('<h1 id="glossary">');
    expect(html).toContain('<tr id="glossary-1">');
  });

  it('are prefixed on the print page', () => {
    expect(render('appendix/glossary', 'print').html).toContain('<tr id="appendix-glossary--widget">');
  });

  it('make each term a search entry of its own, landing on its row', () => {
    const { sections } = render('appendix/glossary');
    expect(sections).toContainEqual({ url: 'appendix/glossary/#sticky-session-affinity', page: 'Glossary', title: 'sticky session, affinity', text: 'sticky session, affinity one client kept on one backend by a quuxcookie' });
    expect(sections.find((s) => s.url === 'appendix/glossary/')?.text).not.toContain('quuxcookie');
  });

  it('leave other tables alone', () => {
    expect(render('chapters/01-zeta').html).not.toMatch(/<tr id=/);
  });
});

describe('link rewriting', () => {
  const { html, assets } = render('chapters/01-zeta');

  it('turns links between chapter READMEs into links to book pages, anchors kept', () => {
    expect(html).toContain('href="../02-alpha/#t1-sort-the-gadgets"');
    expect(html).toContain('href="../02-alpha/"');
    expect(html).toContain('href="../../concepts/why/#why-it-matters"');
  });

  it('points print-page links at the sections of the print page', () => {
    expect(render('chapters/01-zeta', 'print').html).toContain('href="#chapters-02-alpha--t1-sort-the-gadgets"');
  });

  it('resolves raw HTML images too, so they also work on the print page', () => {
    expect(html).toContain('<img src="images/flow.svg" alt="" width="10">');
    expect(render('chapters/01-zeta', 'print').html).toContain('<img src="../chapters/01-zeta/images/flow.svg" alt="" width="10">');
  });

  it('copies images next to the page, so their relative path still works', () => {
    expect(html).toContain('src="images/flow.svg"');
    expect([...assets.values()]).toContain('chapters/01-zeta/images/flow.svg');
  });

  it('turns links to repository files into plain text naming the file, or links to BOOK_SOURCE_URL', () => {
    expect(html).toContain('<span class="source-path" title="In the repository: chapters/01-zeta/src/main.ts">the entry point</span>');
    expect(render('chapters/01-zeta', 'page', 'https://example.test/tree/main').html).toContain('href="https://example.test/tree/main/chapters/01-zeta/src/main.ts"');
  });

  it('leaves external links alone', () => {
    expect(html).toContain('href="https://nodejs.org/api/http.html" rel="noopener"');
  });
});

describe('Markdown features', () => {
  const { html } = render('chapters/01-zeta');

  it('renders GitHub alerts as callouts and plain quotes as quotes', () => {
    expect(html).toMatch(/<div class="callout callout-warning"><p class="callout-title">Warning<\/p>\s*<p>Counting twice/);
    expect(html).not.toContain('[!WARNING]');
    expect(html).toContain('<blockquote>\n<p>A plain quotation stays a quotation.</p>');
  });

  it('highlights code at build time and escapes unknown languages', () => {
    expect(html).toContain('<pre class="code" data-lang="ts"><code class="hljs language-ts"><span class="hljs-comment">');
    expect(html).toContain('&lt;b&gt;kept as text&lt;/b&gt;');
  });

  it('puts the tasks, points, files to edit and commands from chapter.json under the title', () => {
    expect(html).toMatch(/<\/h1>\s*<section class="chapter-card"/);
    expect(html).toContain('2 tasks · 30 points');
    expect(html).toContain('<a href="#t2-share-the-widgets">Share the widgets</a> <span class="badge">stretch</span>');
    expect(html).toMatch(/npm run grade -- 01/);
    expect(html).toMatch(/npm run grade -- 01 --task T1/);
    expect(html).toContain('<ul class="card-files"><li><code>src/</code> <code>main.ts</code></li></ul>');
    expect(html).toContain('The program starts at <code>src/main.ts</code>.');
  });

  it('leaves the README\'s generated "Start here" block out: the card above says the same', () => {
    const { page } = render('chapters/01-zeta');
    expect(page.markdown).toContain('**Start here.**');
    expect(html).not.toContain('Start here.');
    expect(html).not.toContain('start-here:');
    expect(render('chapters/01-zeta').sections.map((s) => s.text).join(' ')).not.toContain('Start here');
  });

  it('links a chapter image to its own file, so a phone reader can open it full size', () => {
    expect(html).toContain('<p><a class="image-link" href="images/flow.svg"><img src="images/flow.svg" alt="The widget flow"><span class="image-link-label">Open full size</span></a></p>');
    expect(render('chapters/01-zeta', 'print').html).toContain('<a class="image-link" href="../chapters/01-zeta/images/flow.svg"><img src="../chapters/01-zeta/images/flow.svg"');
  });

  it('inlines course diagrams with their ids made unique', () => {
    const concept = render('concepts/why');
    expect(concept.html).toMatch(/<figure class="diagram"><svg class="diagram-svg" role="img" aria-labelledby="fig1-title"/);
    expect(concept.html).toContain('marker-end="url(#fig1-arrow)"');
    expect(concept.html).not.toContain('<style>');
    expect(concept.html).toContain('<figcaption>The fixture&#39;s diagram</figcaption>'.replace('&#39;', "'"));
  });
});
