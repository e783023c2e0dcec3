// Text helpers shared by the search dialog and the page a search result opens: a pattern for
// the matched terms, a section's snippet cut at word boundaries, and terms marked in escaped
// HTML. No DOM here, so the unit tests import this file in Node.

const SPECIAL = /[.*+?^${}()|[\]\\]/g;

export function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/**
 * Any of the terms, case-insensitive, at the start of a word ("cache" marks "caches" but not
 * "precache"), longest first so the longer of two overlapping terms wins; null for no terms.
 */
export function termPattern(terms) {
  const words = [...new Set(terms.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (words.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map((w) => w.replace(SPECIAL, '\\$&')).join('|')})`, 'giu');
}

/** The text as HTML with every match of the pattern in <mark>; the text is escaped around the marks, never inside a tag. */
export function markTerms(text, pattern) {
  if (!pattern) return escapeHtml(text);
  let html = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    html += `${escapeHtml(text.slice(last, match.index))}<mark>${escapeHtml(match[0])}</mark>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * About `length` characters of a section around its first match, starting and ending on whole
 * words: { text, cutBefore, cutAfter }, so the caller can show the cuts as ellipses.
 */
export function snippetText(text, pattern, length = 160, lead = 60) {
  const at = pattern ? text.search(pattern) : -1;
  let start = 0;
  if (at > lead) {
    // The first word that begins within `lead` characters before the match.
    const gap = text.slice(at - lead, at).search(/\s\S/);
    start = gap === -1 ? at : at - lead + gap + 1;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length && !/\s/.test(text[end])) {
    // Back to the last whole word, unless that would cut off the match itself.
    const space = text.slice(0, end).search(/\s\S*$/);
    if (space > Math.max(start, at)) end = space;
  }
  return { text: text.slice(start, end).trim(), cutBefore: start > 0, cutAfter: end < text.length };
}

/** The snippet as HTML: matches marked, an ellipsis where the section's text was cut. */
export function snippetHtml(text, terms) {
  const pattern = termPattern(terms);
  const piece = snippetText(text, pattern);
  return `${piece.cutBefore ? '…' : ''}${markTerms(piece.text, pattern)}${piece.cutAfter ? '…' : ''}`;
}
