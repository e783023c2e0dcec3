// Marks a search's terms on the page a search result opened, as mdBook does: search.js puts the
// matched terms in the result's address (?highlight=...), and the words are wrapped in <mark>
// within the page's content. The parameter is then dropped from the address with
// replaceState, so a reload or a copied link gives the plain page; the #anchor is left as it
// was, and the marks are inline, so the section the browser scrolled to stays where it is.
import { termPattern } from './search-text.js';

// Text the marks must not enter: diagrams, scripts, existing marks and the headings' "#" links.
const SKIP = 'script, style, svg, textarea, mark, .heading-anchor';

/** Wraps every match of the terms in the element's text in <mark class="search-highlight">; returns how many. */
export function highlightTerms(root, terms) {
  const pattern = termPattern(terms);
  if (!root || !pattern) return 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let count = 0;
  for (const node of nodes) {
    const matches = [...node.data.matchAll(pattern)];
    if (matches.length === 0) continue;
    const pieces = document.createDocumentFragment();
    let last = 0;
    for (const match of matches) {
      const mark = Object.assign(document.createElement('mark'), { className: 'search-highlight', textContent: match[0] });
      pieces.append(node.data.slice(last, match.index), mark);
      last = match.index + match[0].length;
    }
    pieces.append(node.data.slice(last));
    node.replaceWith(pieces);
    count += matches.length;
  }
  return count;
}

export function highlightFromUrl() {
  const url = new URL(location.href);
  const wanted = url.searchParams.get('highlight');
  if (wanted === null) return;
  highlightTerms(document.querySelector('.page'), wanted.split(/\s+/));
  url.searchParams.delete('highlight');
  history.replaceState(history.state, '', url.href);
}
