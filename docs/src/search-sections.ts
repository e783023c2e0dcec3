// Cuts a rendered page into search entries, one per section: the text under the page title,
// then under each level-2 and level-3 heading. A hit lands on that section, not just the page.
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
    if (token.type === 'inline') current.text += ` ${plainText(token)}`;
  }
  finish();
  return sections;
}
