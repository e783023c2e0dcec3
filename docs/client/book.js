// The book's only script: theme switch, sidebar on small screens and its folded parts, keyboard
// navigation, copy buttons, scroll cues on wide tables, the outline's current section, search
// (loaded on first use) and the search terms marked on the page a search result opened. Pages
// read fine without it; it only adds conveniences.
import { highlightFromUrl } from './highlight.js';
import { openSearch } from './search.js';

const html = document.documentElement;

// Theme: the reader's choice wins and is remembered; without one, follow the system, live.
const themeQuery = matchMedia('(prefers-color-scheme: dark)');
function storedTheme() {
  try {
    return localStorage.getItem('book-theme');
  } catch {
    return null;
  }
}
document.querySelector('.theme-toggle')?.addEventListener('click', () => {
  const next = html.dataset.theme === 'dark' ? 'light' : 'dark';
  html.dataset.theme = next;
  try {
    localStorage.setItem('book-theme', next);
  } catch {
    // Private mode without storage: the switch still works for this page.
  }
});
themeQuery.addEventListener('change', (event) => {
  if (!storedTheme()) html.dataset.theme = event.matches ? 'dark' : 'light';
});

// Sidebar drawer on narrow screens.
const menu = document.querySelector('.menu-toggle');
function setMenu(open) {
  document.body.classList.toggle('sidebar-open', open);
  menu?.setAttribute('aria-expanded', String(open));
}
menu?.addEventListener('click', () => setMenu(!document.body.classList.contains('sidebar-open')));
// Folded parts of the sidebar are remembered across pages, under the key navigation.ts reads to
// fold them again on load. A toggle changes only its own part's entry: the current page's part
// is opened on load whatever is stored, and that must not forget the reader's choice.
const TOC_KEY = 'book-toc-folded';
function foldedParts() {
  try {
    const stored = JSON.parse(localStorage.getItem(TOC_KEY) || '[]');
    return Array.isArray(stored) ? stored : [];
  } catch {
    return []; // a damaged entry starts afresh
  }
}
function rememberPart(part, open) {
  try {
    const folded = new Set(foldedParts());
    if (open) folded.delete(part);
    else folded.add(part);
    localStorage.setItem(TOC_KEY, JSON.stringify([...folded]));
  } catch {
    // No storage (private mode): the fold still works on this page.
  }
}
for (const part of document.querySelectorAll('.sidebar details[data-part]')) {
  part.addEventListener('toggle', () => rememberPart(part.dataset.part, part.open));
}

// Bring the current page into the sidebar's view without scrolling the page itself.
const sidebar = document.querySelector('.sidebar');
const currentItem = sidebar?.querySelector('a[aria-current="page"]');
if (sidebar && currentItem) sidebar.scrollTop = currentItem.offsetTop - sidebar.clientHeight / 2;

// Keyboard: "/" searches, left and right arrows turn the page.
function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}
document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
  if (document.querySelector('dialog[open]')) return;
  if (event.key === '/') {
    event.preventDefault();
    openSearch();
  } else if (event.key === 'Escape') {
    setMenu(false);
  } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
    const link = document.querySelector(event.key === 'ArrowLeft' ? '.pager a[rel="prev"]' : '.pager a[rel="next"]');
    if (link) location.href = link.href;
  }
});
for (const button of document.querySelectorAll('[data-search-open]')) button.addEventListener('click', () => openSearch());
for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
// Opened from a search result: mark the words it matched.
highlightFromUrl();

// Copy buttons on code blocks (the highlighting itself was done at build time).
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = Object.assign(document.createElement('textarea'), { value: text });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}
for (const pre of document.querySelectorAll('pre.code')) {
  const wrap = Object.assign(document.createElement('div'), { className: 'code-block' });
  const tools = Object.assign(document.createElement('div'), { className: 'code-tools' });
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'copy-button', textContent: 'Copy' });
  button.setAttribute('aria-label', 'Copy this code');
  if (pre.dataset.lang) tools.append(Object.assign(document.createElement('span'), { className: 'code-lang', textContent: pre.dataset.lang }));
  tools.append(button);
  pre.replaceWith(wrap);
  wrap.append(pre, tools);
  button.addEventListener('click', async () => {
    await copyText(pre.innerText.replace(/\n$/, ''));
    button.textContent = 'Copied';
    button.classList.add('copied');
    setTimeout(() => {
      button.textContent = 'Copy';
      button.classList.remove('copied');
    }, 1600);
  });
}

// Wide tables scroll inside their box; data-overflow says which sides hold more ("start",
// "end", both, or "" when the table fits), and the stylesheet fades those edges.
function markOverflow(wrap) {
  const hidden = wrap.scrollWidth - wrap.clientWidth;
  const sides = hidden > 1 ? [wrap.scrollLeft > 1 && 'start', wrap.scrollLeft < hidden - 1 && 'end'].filter(Boolean) : [];
  wrap.dataset.overflow = sides.join(' ');
  // A region that scrolls must be reachable from the keyboard.
  if (hidden > 1) wrap.tabIndex = 0;
  else wrap.removeAttribute('tabindex');
}
const tableResizes = new ResizeObserver((entries) => entries.forEach((entry) => markOverflow(entry.target)));
for (const wrap of document.querySelectorAll('.table-wrap')) {
  wrap.addEventListener('scroll', () => markOverflow(wrap), { passive: true });
  tableResizes.observe(wrap);
}

// The outline marks the section being read: the last heading above the top fifth of the view,
// or the last one once the page is scrolled to its end. The outline scrolls by itself to keep
// that entry in view, since a long chapter's outline is taller than its box.
const outlineBox = document.querySelector('.outline');
const outlineLinks = [...document.querySelectorAll('.outline a')];
const headings = outlineLinks.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1)))).filter(Boolean);
let scheduled = false;
let shown = -1;
function keepInView(link) {
  const box = outlineBox.getBoundingClientRect();
  const item = link.getBoundingClientRect();
  const margin = Math.min(48, box.height / 4);
  if (item.top < box.top + margin) outlineBox.scrollTop -= box.top + margin - item.top;
  else if (item.bottom > box.bottom - margin) outlineBox.scrollTop += item.bottom - (box.bottom - margin);
}
function markCurrent() {
  scheduled = false;
  const line = innerHeight / 5;
  let current = 0;
  headings.forEach((h, i) => {
    if (h.getBoundingClientRect().top < line) current = i;
  });
  const atEnd = scrollY > 0 && innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
  if (atEnd) current = headings.length - 1;
  outlineLinks.forEach((a, i) => a.classList.toggle('active', i === current));
  if (current !== shown && outlineBox.scrollHeight > outlineBox.clientHeight) keepInView(outlineLinks[current]);
  shown = current;
}
if (headings.length > 0) {
  addEventListener('scroll', () => {
    if (!scheduled) requestAnimationFrame(markCurrent);
    scheduled = true;
  }, { passive: true });
  markCurrent();
}
