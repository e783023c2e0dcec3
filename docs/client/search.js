// Full-text search over section-level entries. The index was built with MiniSearch at build
// time; the first search loads it and the library, later ones reuse them.
const dialog = document.querySelector('.search-dialog');
const input = dialog?.querySelector('input');
const list = dialog?.querySelector('.search-results');
const status = dialog?.querySelector('.search-status');
const root = new URL('../', import.meta.url); // this file lives in <book>/assets/
let loading = null;
let results = [];
let selected = 0;

function loadIndex() {
  loading ??= Promise.all([import('./minisearch.js'), fetch(new URL('search-index.json', root)).then((r) => r.json())]).then(
    ([{ default: MiniSearch }, data]) => MiniSearch.loadJS(data.index, data.options),
  );
  return loading;
}

function escape(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/** About 160 characters of the section around the first matched word, matches marked. */
function snippet(text, terms) {
  const lower = text.toLowerCase();
  const found = terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0);
  const at = found.length ? Math.min(...found) : 0;
  const start = Math.max(0, at - 60);
  const piece = (start > 0 ? '…' : '') + text.slice(start, start + 160) + (start + 160 < text.length ? '…' : '');
  const pattern = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return escape(piece).replace(pattern, '<mark>$1</mark>');
}

function render(query) {
  list.replaceChildren();
  results.forEach((hit, i) => {
    const item = document.createElement('li');
    item.id = `search-hit-${i}`;
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(i === selected));
    const page = hit.page === hit.title ? '' : `<span class="search-hit-page">${escape(hit.page)}</span>`;
    item.innerHTML = `<a href="${new URL(hit.url, root).href}">${page}<span class="search-hit-title">${escape(hit.title)}</span><span class="search-hit-snippet">${snippet(hit.text, hit.terms)}</span></a>`;
    item.addEventListener('mousemove', () => select(i));
    list.append(item);
  });
  status.textContent = query === '' ? '' : results.length === 0 ? `No results for “${query}”.` : `${results.length} result${results.length === 1 ? '' : 's'}`;
  input.setAttribute('aria-activedescendant', results.length ? `search-hit-${selected}` : '');
}

function select(i) {
  selected = i;
  for (const [j, item] of [...list.children].entries()) item.setAttribute('aria-selected', String(j === i));
  list.children[i]?.scrollIntoView({ block: 'nearest' });
  input.setAttribute('aria-activedescendant', `search-hit-${i}`);
}

async function search() {
  const query = input.value.trim();
  const index = await loadIndex();
  if (query !== input.value.trim()) return; // a newer keystroke is on its way
  results = query === '' ? [] : index.search(query, { prefix: true, fuzzy: 0.2, combineWith: 'AND', boost: { title: 3, page: 1.5 } }).slice(0, 20);
  selected = 0;
  render(query);
}

function go(hit) {
  dialog.close();
  location.assign(new URL(hit.url, root).href);
}

export function openSearch() {
  if (!dialog || dialog.open) return;
  dialog.showModal();
  input.select();
  loadIndex().catch(() => (status.textContent = 'The search index could not be loaded.'));
}

input?.addEventListener('input', () => void search());
input?.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    if (results.length) select((selected + (event.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length);
  } else if (event.key === 'Enter') {
    event.preventDefault();
    if (results[selected]) go(results[selected]);
  }
});
list?.addEventListener('click', (event) => {
  const link = event.target.closest('a');
  if (link) dialog.close(); // same-page hits only move the hash: close first
});
dialog?.addEventListener('click', (event) => {
  if (event.target === dialog) dialog.close(); // a click on the backdrop
});
