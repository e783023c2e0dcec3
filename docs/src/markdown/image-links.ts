// Every image of a page (a chapter's SVG diagrams above all) links to its own file. On a phone a
// 760 px wide diagram shrinks to a third, its 14 px labels to about 5 px; a tap opens it alone,
// where the reader can zoom and scroll. The label says so on small screens and names the link
// for screen readers everywhere (after the image's own alt text).
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export function imageLinksPlugin(md: MarkdownIt): void {
  md.core.ruler.push('book-image-links', (state) => {
    for (const inline of state.tokens) {
      if (inline.type !== 'inline' || !inline.children) continue;
      const children: Token[] = [];
      let inLink = 0;
      for (const token of inline.children) {
        if (token.type === 'link_open') inLink++;
        if (token.type === 'link_close') inLink--;
        const src = token.type === 'image' && token.meta?.asset ? token.attrGet('src') : null;
        if (!src || inLink > 0) {
          children.push(token);
          continue;
        }
        const open = new state.Token('link_open', 'a', 1);
        open.attrs = [['class', 'image-link'], ['href', src]];
        const label = new state.Token('html_inline', '', 0);
        label.content = '<span class="image-link-label">Open full size</span>';
        children.push(open, token, label, new state.Token('link_close', 'a', -1));
      }
      inline.children = children;
    }
  });
}
