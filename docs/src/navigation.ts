// The parts of the page that move the reader around: the sidebar table of contents with the
// current page marked, the previous/next pager and the in-page outline.
import type { Heading } from './markdown/env.ts';
import { type BookPage, navLabel, PARTS } from './pages.ts';
import { escapeHtml, relativeHref } from './urls.ts';

export function sidebar(pages: BookPage[], fromId: string, currentId: string | null): string {
  const parts = PARTS.map((part) => {
    const items = pages
      .filter((p) => p.part.key === part.key)
      .map((p) => {
        const current = p.id === currentId ? ' aria-current="page"' : '';
        return `<li><a href="${relativeHref(fromId, p.id, true)}"${current}>${escapeHtml(navLabel(p))}</a></li>`;
      });
    if (items.length === 0) return '';
    return `<section class="toc-part"><h2 class="toc-part-title">${escapeHtml(part.title)}</h2><ol>${items.join('')}</ol></section>`;
  });
  return `<nav id="sidebar" class="sidebar" aria-label="Table of contents">${parts.join('')}</nav>`;
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
