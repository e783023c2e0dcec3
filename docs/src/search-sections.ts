// Cuts a rendered page into search entries, one per section: the text under the page title,
// then under each level-2 and level-3 heading, and one per glossary term (a row with an id
// from term-anchors.ts). A hit lands on that section or term, not just the page.
import type { Token } from 'markdown-it';
import { plainText } from './markdown/anchors.ts';

export interface SearchSection {
  /** Root-relative URL with the section's anchor: "chapters/01-single-server/#t3-list". */
  url: string;
  page: string;
  title: string;
  text: string;
}

export function searchSections(tokens: Token[], pageId: string, pageTitle: string): SearchSection[] {
  const base = pageId === '' ? './' : `${pageId}/`;
  const sections: SearchSection[] = [];
  let current: SearchSection = { url: base, page: pageTitle, title: pageTitle, text: '' };
  let row: SearchSection | null = null;
  const finish = () => {
    current.text = current.text.replace(/\s+/g, ' ').trim();
    if (current.text || current.title !== pageTitle) sections.push(current);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') {
      const inline = tokens[i + 1]!;
      const level = Number(token.tag.slice(1));
      if (level >= 2 && level <= 3) {
        finish();
        current = { url: `${base}#${token.attrGet('id') ?? ''}`, page: pageTitle, title: plainText(inline), text: '' };
      }
      i += 2; // the heading's own words are its title
      continue;
    }
    if (token.type === 'tr_open' && token.meta?.term) {
      // A glossary term is an entry of its own, landing on its row.
      row = { url: `${base}#${token.attrGet('id') ?? ''}`, page: pageTitle, title: token.meta.term as string, text: '' };
    } else if (token.type === 'tr_close' && row) {
      row.text = row.text.replace(/\s+/g, ' ').trim();
      sections.push(row);
      row = null;
    } else if (token.type === 'inline') (row ?? current).text += ` ${plainText(token)}`;
  }
  finish();
  return sections;
}
