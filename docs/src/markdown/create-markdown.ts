// The book's one markdown-it instance: CommonMark plus tables, GitHub callouts, heading anchors,
// glossary term anchors, link rewriting, inlined diagrams, links on images to open them full
// size, build-time highlighting, and chapter READMEs' "Start here" block left out.
import MarkdownIt from 'markdown-it';
import { anchorsPlugin } from './anchors.ts';
import { calloutsPlugin } from './callouts.ts';
import { figuresPlugin } from './figures.ts';
import { highlightBlock } from './highlight.ts';
import { imageLinksPlugin } from './image-links.ts';
import { linksPlugin } from './links.ts';
import { startHereBlockPlugin } from './start-here-block.ts';
import { termAnchorsPlugin } from './term-anchors.ts';
import type { RenderEnv } from './env.ts';

/** Puts env.afterTitle (a chapter's task card) right after the page's first heading. */
function afterTitlePlugin(md: MarkdownIt): void {
  md.core.ruler.push('book-after-title', (state) => {
    const html = (state.env as RenderEnv).afterTitle;
    if (!html) return;
    const close = state.tokens.findIndex((t) => t.type === 'heading_close' && t.tag === 'h1');
    const token = new state.Token('html_block', '', 0);
    token.content = html;
    state.tokens.splice(close + 1, 0, token);
  });
}

export function createMarkdown(): MarkdownIt {
  // Raw HTML is allowed: the sources are the course's own files (e.g. <details> for spoilers).
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false, highlight: highlightBlock });
  md.use(startHereBlockPlugin).use(calloutsPlugin).use(linksPlugin).use(figuresPlugin).use(imageLinksPlugin).use(anchorsPlugin).use(termAnchorsPlugin).use(afterTitlePlugin);
  // Wide tables scroll inside their own box instead of stretching the page.
  md.renderer.rules.table_open = () => '<div class="table-wrap"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';
  return md;
}
