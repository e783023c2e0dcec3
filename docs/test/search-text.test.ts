// The search's text helpers (client/search-text.js), shared by the result snippets and the
// terms marked on the page a result opens.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain-JS browser module without types, served as is
import { markTerms, snippetHtml, snippetText, termPattern } from '../client/search-text.js';

const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `word${from + i}`).join(' ');

describe('search snippets', () => {
  it('start and end on whole words, with an ellipsis on each side that was cut', () => {
    const text = `${words(30)} caching ${words(40, 30)}`;
    const piece = snippetText(text, termPattern(['caching']));
    expect(piece.cutBefore && piece.cutAfter).toBe(true);
    expect(text.startsWith(piece.text) || text.includes(` ${piece.text} `)).toBe(true);
    expect(piece.text).toContain('caching');
    expect(piece.text.length).toBeLessThanOrEqual(160);
    const html = snippetHtml(text, ['caching']);
    expect(html).toMatch(/^…word\d+ /);
    expect(html).toMatch(/ word\d+…$/);
    expect(html).toContain('<mark>caching</mark>');
  });

  it('start at the beginning of a section whose match is near it, and show all of a short one', () => {
    expect(snippetHtml('The cache keeps copies.', ['cache'])).toBe('The <mark>cache</mark> keeps copies.');
    expect(snippetText(`Caching ${words(60)}`, termPattern(['caching'])).cutBefore).toBe(false);
  });

  it('escape the text around the marks, and never mark inside an entity', () => {
    expect(snippetHtml('a <b> & amp of the cache', ['amp', 'cache'])).toBe('a &lt;b&gt; &amp; <mark>amp</mark> of the <mark>cache</mark>');
  });
});

describe('the term pattern', () => {
  it('matches at the start of a word, any case, the longest term first', () => {
    const pattern = termPattern(['cache', 'caches']);
    expect(markTerms('Caches, precache and cache-aside', pattern)).toBe('<mark>Caches</mark>, precache and <mark>cache</mark>-aside');
  });

  it('takes terms literally and is null without terms', () => {
    expect(markTerms('a.b and axb', termPattern(['a.b']))).toBe('<mark>a.b</mark> and axb');
    expect(termPattern(['', ' '])).toBeNull();
  });
});
