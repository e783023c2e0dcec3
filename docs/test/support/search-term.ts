// Picks search terms from the built index, so the browser test does not depend on any page's
// wording: a word that finds exactly one section (preferring a chapter's), a glossary term
// whose own entry comes first, and a word common enough to fill more than two pages of results.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';

// The options the book's search box uses (client/search.js).
const SEARCH = { prefix: true, fuzzy: 0.2, combineWith: 'AND', boost: { title: 3, page: 1.5 } } as const;

export interface Pick {
  term: string;
  url: string;
}

export function uniqueTerm(outDir: string): Pick {
  const { options, index } = JSON.parse(readFileSync(path.join(outDir, 'search-index.json'), 'utf8'));
  const search = MiniSearch.loadJS(index, options);
  const docs = Object.values(index.storedFields as Record<string, { url: string; text: string }>);
  // Sections under a heading first (a hit must land on that heading), chapters before the rest.
  const rank = (d: { url: string }) => (d.url.includes('#') ? 0 : 2) + (d.url.startsWith('chapters/') ? 0 : 1);
  const ordered = [...docs].sort((a, b) => rank(a) - rank(b));
  for (const doc of ordered) {
    for (const word of new Set(doc.text.toLowerCase().match(/\b[a-z]{8,}\b/g) ?? [])) {
      const hits = search.search(word, SEARCH);
      if (hits.length === 1 && hits[0]!.url === doc.url) return { term: word, url: doc.url };
    }
  }
  throw new Error('no word of the book finds exactly one section');
}

/** A glossary term (an entry landing on a glossary row) that its own search puts first. */
export function glossaryTerm(outDir: string): Pick {
  const { options, index } = JSON.parse(readFileSync(path.join(outDir, 'search-index.json'), 'utf8'));
  const search = MiniSearch.loadJS(index, options);
  const docs = Object.values(index.storedFields as Record<string, { url: string; title: string }>);
  for (const doc of docs.filter((d) => /glossary\/#./.test(d.url))) {
    if (search.search(doc.title, SEARCH)[0]?.url === doc.url) return { term: doc.title, url: doc.url };
  }
  throw new Error('no glossary term is the first hit of its own search');
}

/** A word found in more than `min` sections, and every section's stored text by URL (to check snippets against). */
export function commonTerm(outDir: string, min = 45): { term: string; count: number; textByUrl: Map<string, string> } {
  const { options, index } = JSON.parse(readFileSync(path.join(outDir, 'search-index.json'), 'utf8'));
  const search = MiniSearch.loadJS(index, options);
  const docs = Object.values(index.storedFields as Record<string, { url: string; text: string }>);
  const textByUrl = new Map(docs.map((d) => [d.url, d.text]));
  for (const doc of docs) {
    for (const word of new Set(doc.text.toLowerCase().match(/\b[a-z]{6,}\b/g) ?? [])) {
      const count = search.search(word, SEARCH).length;
      if (count > min) return { term: word, count, textByUrl };
    }
  }
  throw new Error(`no word of the book finds more than ${min} sections`);
}
