// The HTML shell around every page: top bar, sidebar, content, outline and the search dialog.
// Every URL in it is relative to the page (or to <base> on the 404 page, which is served at
// any depth), so the book works from any folder of any static host.
import { icons } from './icons.ts';
import { escapeHtml, rootPrefix } from './urls.ts';

export const BOOK_TITLE = 'Scaling Lab';

export interface Shell {
  /** Page id used for relative links ('' for the root and the 404 page). */
  id: string;
  title: string;
  description: string;
  sidebar: string;
  content: string;
  /** After the article: last updated date and "Edit this page". */
  footer?: string;
  pager?: string;
  outline?: string;
  /** Only for the 404 page: the book's base path on the server. */
  base?: string;
  bodyClass?: string;
}

// Runs before the first paint so a dark-theme reader never sees a white flash. The choice is
// remembered in localStorage; without one the system setting decides (and is followed live).
const THEME_INIT = `(function(){try{var s=localStorage.getItem('book-theme');}catch(e){}var d=s?s==='dark':matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.dataset.theme=d?'dark':'light';})();`;

export function layout(shell: Shell): string {
  const root = shell.base ? '' : rootPrefix(shell.id);
  const home = root === '' ? './' : root;
  const fullTitle = shell.title === BOOK_TITLE ? BOOK_TITLE : `${shell.title} · ${BOOK_TITLE}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${shell.base ? `<base href="${escapeHtml(shell.base)}">\n` : ''}<title>${escapeHtml(fullTitle)}</title>
<meta name="description" content="${escapeHtml(shell.description)}">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="${root}assets/favicon.svg" type="image/svg+xml">
<script>${THEME_INIT}</script>
<link rel="stylesheet" href="${root}assets/book.css">
<link rel="stylesheet" href="${root}assets/content.css">
<link rel="stylesheet" href="${root}assets/search.css">
<script type="module" src="${root}assets/book.js"></script>
</head>
<body class="${shell.bodyClass ?? ''}">
<a class="skip-link" href="#content">Skip to the content</a>
<header class="topbar">
<button type="button" class="icon-button menu-toggle" aria-controls="sidebar" aria-expanded="false" aria-label="Show the table of contents">${icons.menu}</button>
<a class="book-title" href="${home}">${BOOK_TITLE}</a>
<button type="button" class="search-button" data-search-open aria-keyshortcuts="/">${icons.search}<span>Search</span><kbd>/</kbd></button>
<a class="icon-button" href="${root}print/" title="The whole book on one page, to print" aria-label="Print the whole book">${icons.print}</a>
<button type="button" class="icon-button theme-toggle" aria-label="Switch between light and dark theme"><span class="when-light">${icons.moon}</span><span class="when-dark">${icons.sun}</span></button>
</header>
<div class="layout">
${shell.sidebar}
<main id="content" class="content" tabindex="-1">
<article class="page">
${shell.content}
</article>
${shell.footer ?? ''}${shell.pager ?? ''}
</main>
${shell.outline ?? '<aside class="outline" aria-label="On this page"></aside>'}
</div>
<dialog class="search-dialog" aria-label="Search the book">
<form method="dialog" class="search-form" role="search">
${icons.search}<input type="search" name="q" placeholder="Search the book" autocomplete="off" spellcheck="false" aria-label="Search terms" aria-controls="search-results">
<button type="submit" class="search-close" value="close" aria-label="Close search"><kbd>Esc</kbd></button>
</form>
<ol id="search-results" class="search-results" role="listbox" aria-label="Results"></ol>
<button type="button" class="search-more" hidden></button>
<p class="search-status" role="status"></p>
<p class="search-help"><kbd>↑</kbd><kbd>↓</kbd> to choose · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close</p>
</dialog>
</body>
</html>
`;
}
