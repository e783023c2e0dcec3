// Rows of a table whose first column is headed "term" (the glossary) get an id of their own,
// slugged from the term like a heading, so a link or a search hit lands on that term's row:
// glossary/#sticky-session. The row token keeps the term in meta.term for the search entries.
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { slugify } from '@scaling-lab/grader/course';
import { plainText } from './anchors.ts';
import type { RenderEnv } from './env.ts';

/** The first inline token at or after `from`: the words of the next cell. */
function nextInline(tokens: Token[], from: number): Token | undefined {
  for (let i = from; i < tokens.length; i++) if (tokens[i]!.type === 'inline') return tokens[i];
  return undefined;
}

export function termAnchorsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('book-term-anchors', (state) => {
    const env = state.env as RenderEnv;
    const tokens = state.tokens;
    // Runs after the heading anchors: a term never takes an id a heading already has.
    const taken = new Set(env.headings.map((h) => h.anchor));
    let inTermTable = false;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type === 'thead_open') {
        const firstHeader = nextInline(tokens, i);
        inTermTable = firstHeader !== undefined && plainText(firstHeader).trim().toLowerCase() === 'term';
      } else if (token.type === 'table_close') {
        inTermTable = false;
      } else if (inTermTable && token.type === 'tr_open' && tokens[i - 1]?.type !== 'thead_open') {
        const cell = nextInline(tokens, i);
        const term = cell ? plainText(cell).trim() : '';
        const base = slugify(term);
        if (!base) continue;
        let anchor = base;
        for (let n = 1; taken.has(anchor); n++) anchor = `${base}-${n}`;
        taken.add(anchor);
        token.attrSet('id', `${env.idPrefix}${anchor}`);
        token.meta = { ...token.meta, term };
      }
    }
  });
}
