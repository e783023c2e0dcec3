// The full-text index, built once at build time with MiniSearch and loaded by the browser as
// JSON. The options travel with the index, so the client searches exactly as it was indexed.
import MiniSearch, { type Options } from 'minisearch';
import type { SearchSection } from './search-sections.ts';

type Entry = SearchSection & { id: number };

export const SEARCH_OPTIONS: Options<Entry> = {
  fields: ['title', 'text', 'page'],
  storeFields: ['title', 'page', 'url', 'text'],
};

export function buildSearchIndex(sections: SearchSection[]): string {
  const search = new MiniSearch<Entry>(SEARCH_OPTIONS);
  search.addAll(sections.map((section, id) => ({ ...section, id })));
  return JSON.stringify({ options: SEARCH_OPTIONS, index: search });
}
