// Full-text search over section-level entries. The index was built with MiniSearch at build
// time; the first search loads it and the library, later ones reuse them. A result's address
// carries the terms it matched (?highlight=...), which highlight.js marks on the page it opens.
import { escapeHtml as escape, snippetHtml } from './search-text.js';

const dialog = document.querySelector('.search-dialog');
const input = dialog?.querySelector('input');
const list = dialog?.querySelector('.search-results');
const status = dialog?.querySelector('.search-status');
const more = dialog?.querySelector('.search-more');
const root = new URL('../', import.meta.url); // this file lives in <book>/assets/
// Results are listed a page at a time: a short word can match most of the book.
const PAGE = 20;
let loading = null;
let results = [];
let shown = 0;
let selected = 0;

function loadIndex() {
  loading ??= Promise.all([import('./minisearch.js'), fetch(new URL('search-index.json', root)).then((r) => r.json())]).then(
    ([{ default: MiniSearch }, data]) => MiniSearch.loadJS(data.index, data.options),
  );
  return loading;
}

/** The hit's section, with the words it matched for the landing page to mark (a dozen at most: a one-letter prefix matches hundreds). */
function hitUrl(hit) {
  const url = new URL(hit.url, root);
  const terms = [...new Set(hit.terms)].slice(0, 12);
  if (terms.length > 0) url.searchParams.set('highlight', terms.join(' '));
  return url.href;
}

function render(query) {
  list.replaceChildren();
  results.slice(0, shown).forEach((hit, i) => {
    const item = document.createElement('li');
    item.id = `search-hit-${i}`;
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(i === selected));
    const page = hit.page === hit.title ? '' : `<span class="search-hit-page">${escape(hit.page)}</span>`;
    item.innerHTML = `<a href="${escape(hitUrl(hit))}">${page}<span class="search-hit-title">${escape(hit.title)}</span><span class="search-hit-snippet">${snippetHtml(hit.text, hit.terms)}</span></a>`;
    item.addEventListener('mousemove', () => select(i));
    list.append(item);
  });
  const total = results.length;
  status.textContent =
    query === '' ? '' : total === 0 ? `No results for “${query}”.` : shown < total ? `${shown} of ${total} results` : `${total} result${total === 1 ? '' : 's'}`;
  more.hidden = shown >= total;
  more.textContent = `Show ${Math.min(PAGE, total - shown)} more`;
  input.setAttribute('aria-activedescendant', shown > 0 ? `search-hit-${selected}` : '');
}

function showMore() {
  shown = Math.min(results.length, shown + PAGE);
  render(input.value.trim());
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
  results = query === '' ? [] : index.search(query, { prefix: true, fuzzy: 0.2, combineWith: 'AND', boost: { title: 3, page: 1.5 } });
  shown = Math.min(results.length, PAGE);
  selected = 0;
  render(query);
}

function go(hit) {
  dialog.close();
  location.assign(hitUrl(hit));
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
    // Down from the last result listed lists the next page of them, if there is one.
    if (event.key === 'ArrowDown' && selected === shown - 1 && shown < results.length) showMore();
    if (shown > 0) select((selected + (event.key === 'ArrowDown' ? 1 : shown - 1)) % shown);
  } else if (event.key === 'Enter') {
    event.preventDefault();
    if (results[selected]) go(results[selected]);
  }
});
list?.addEventListener('click', (event) => {
  const link = event.target.closest('a');
  if (link) dialog.close();
});
more?.addEventListener('click', () => {
  showMore();
  input.focus(); // the arrow keys and Enter work from the search box
});
dialog?.addEventListener('click', (event) => {
  if (event.target === dialog) dialog.close(); // a click on the backdrop
});
