// Heading ids with self-links. The id comes from the grader's own slug algorithm, applied to the
// heading's Markdown source exactly as headingAnchors() does, so a task's `lesson` anchor in
// chapter.json is the id the book writes. Headings are also recorded for the outline and search.
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { slugify } from '@scaling-lab/grader/course';
import { escapeHtml } from '../urls.ts';
import type { RenderEnv } from './env.ts';

export function plainText(inline: Token): string {
  return (inline.children ?? [])
    .map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'softbreak' ? ' ' : ''))
    .join('');
}

export function anchorsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('book-anchors', (state) => {
    const env = state.env as RenderEnv;
    const seen = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const open = tokens[i]!;
      const inline = tokens[i + 1];
      if (open.type !== 'heading_open' || !inline) continue;
      const base = slugify(inline.content.replace(/`/g, ''));
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      const anchor = count === 0 ? base : `${base}-${count}`;
      const id = `${env.idPrefix}${anchor}`;
      open.attrSet('id', id);
      env.headings.push({ level: Number(open.tag.slice(1)), anchor, id, text: plainText(inline) });
      const link = new state.Token('html_inline', '', 0);
      link.content = ` <a class="heading-anchor" href="#${escapeHtml(id)}" aria-label="Link to this section">#</a>`;
      inline.children = [...(inline.children ?? []), link];
    }
  });
}
