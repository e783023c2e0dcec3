// The book's only script: theme switch, sidebar on small screens, keyboard navigation, copy
// buttons, the outline's current section, and search (loaded on first use). Pages read fine
// without it; it only adds conveniences.
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
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'copy-button', textContent: 'Copy' });
  button.setAttribute('aria-label', 'Copy this code');
  pre.replaceWith(wrap);
  wrap.append(pre, button);
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

// The outline marks the section being read: the last heading above the top fifth of the view.
const outlineLinks = [...document.querySelectorAll('.outline a')];
const headings = outlineLinks.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1)))).filter(Boolean);
let scheduled = false;
function markCurrent() {
  scheduled = false;
  const line = innerHeight / 5;
  let current = 0;
  headings.forEach((h, i) => {
    if (h.getBoundingClientRect().top < line) current = i;
  });
  outlineLinks.forEach((a, i) => a.classList.toggle('active', i === current));
}
if (headings.length > 0) {
  addEventListener('scroll', () => {
    if (!scheduled) requestAnimationFrame(markCurrent);
    scheduled = true;
  }, { passive: true });
  markCurrent();
}
