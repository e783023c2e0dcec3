// The two pages that have no Markdown source: the whole book on one page for printing, and the
// page a static host serves for an unknown address.
import { icons } from './icons.ts';
import { navLabel } from './pages.ts';
import type { RenderedPage } from './render-page.ts';
import { printKey } from './markdown/resolve-link.ts';
import { escapeHtml } from './urls.ts';

/** Print page content: a contents list, then every page as a section, in reading order. */
export function printContent(rendered: RenderedPage[]): string {
  const toc = rendered
    .map(({ page }) => `<li><a href="#${printKey(page.id)}">${escapeHtml(navLabel(page))}</a></li>`)
    .join('');
  const sections = rendered
    .map(({ page, html }) => `<section class="print-section" id="${printKey(page.id)}" data-source-page="${escapeHtml(page.id)}">\n${html}</section>`)
    .join('\n');
  return `<div class="print-intro">
<p class="print-lead">The whole book on one page.</p>
<button type="button" class="print-button" data-print>${icons.print}<span>Print or save as PDF</span></button>
</div>
<nav class="print-toc" aria-label="Contents"><ol>${toc}</ol></nav>
${sections}`;
}

export function notFoundContent(): string {
  return `<h1 id="page-not-found">Page not found</h1>
<p>There is no page at this address. It may have moved when the book was rebuilt.</p>
<ul>
<li>Start from <a href="./">the first page</a> or pick a chapter in the table of contents.</li>
<li>Press <kbd>/</kbd> or <button type="button" class="link-button" data-search-open>search the book</button>.</li>
</ul>`;
}
