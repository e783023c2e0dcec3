// The parts of the page that move the reader around: the sidebar table of contents with the
// current page marked, the previous/next pager and the in-page outline.
import type { Heading } from './markdown/env.ts';
import { type BookPage, navLabel, PARTS } from './pages.ts';
import { escapeHtml, relativeHref } from './urls.ts';

// Each part of the sidebar folds (a <details>: keyboard and screen-reader ready, and working
// without script). Parts the reader folded are remembered in localStorage by book.js; this
// script, run as soon as the sidebar is parsed, folds them again before the page is painted,
// except the part that holds the current page, which always starts open.
const TOC_STORAGE_KEY = 'book-toc-folded'; // book.js writes it
const TOC_INIT = `(function(){var f;try{f=JSON.parse(localStorage.getItem('${TOC_STORAGE_KEY}')||'[]');}catch(e){return;}if(!Array.isArray(f))return;document.querySelectorAll('#sidebar details[data-part]').forEach(function(d){if(f.indexOf(d.dataset.part)>=0&&!d.querySelector('[aria-current="page"]'))d.open=false;});})();`;

export function sidebar(pages: BookPage[], fromId: string, currentId: string | null): string {
  const parts = PARTS.map((part) => {
    const items = pages
      .filter((p) => p.part.key === part.key)
      .map((p) => {
        const current = p.id === currentId ? ' aria-current="page"' : '';
        return `<li><a href="${relativeHref(fromId, p.id, true)}"${current}>${escapeHtml(navLabel(p))}</a></li>`;
      });
    if (items.length === 0) return '';
    return `<details class="toc-part" data-part="${part.key}" open><summary><h2 class="toc-part-title">${escapeHtml(part.title)}</h2></summary><ol>${items.join('')}</ol></details>`;
  });
  return `<nav id="sidebar" class="sidebar" aria-label="Table of contents">${parts.join('')}</nav>\n<script>${TOC_INIT}</script>`;
}

export function pager(pages: BookPage[], index: number): string {
  const page = pages[index]!;
  const link = (target: BookPage | undefined, rel: 'prev' | 'next') => {
    if (!target) return '<span></span>';
    const label = rel === 'prev' ? 'Previous' : 'Next';
    return `<a class="pager-${rel}" rel="${rel}" href="${relativeHref(page.id, target.id, true)}"><span class="pager-label">${label}</span><span class="pager-title">${escapeHtml(navLabel(target))}</span></a>`;
  };
  return `<nav class="pager" aria-label="Previous and next page">${link(pages[index - 1], 'prev')}${link(pages[index + 1], 'next')}</nav>`;
}

export function outline(headings: Heading[]): string {
  const items = headings
    .filter((h) => h.level === 2 || h.level === 3)
    .map((h) => `<li class="outline-h${h.level}"><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`);
  if (items.length < 2) return '<aside class="outline" aria-label="On this page"></aside>';
  return `<aside class="outline" aria-label="On this page"><p class="outline-title">On this page</p><ol>${items.join('')}</ol></aside>`;
}
