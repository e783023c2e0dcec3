// GitHub's alert syntax: a blockquote whose first line is `[!NOTE]` (or TIP, IMPORTANT, WARNING,
// CAUTION) becomes a callout. The same Markdown renders as an alert on GitHub.
import type MarkdownIt from 'markdown-it';

const KINDS: Record<string, string> = { note: 'Note', tip: 'Tip', important: 'Important', warning: 'Warning', caution: 'Caution' };
const MARKER = /^\[!(note|tip|important|warning|caution)\][ \t]*/i;

export function calloutsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('block', 'book-callouts', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const inline = tokens[i + 2];
      if (tokens[i]!.type !== 'blockquote_open' || tokens[i + 1]?.type !== 'paragraph_open' || !inline) continue;
      const match = MARKER.exec(inline.content);
      if (!match || !/^\s*(\n|$)/.test(inline.content.slice(match[0].length))) continue;
      const kind = match[1]!.toLowerCase();
      // Find the blockquote's own close, past any nested blockquotes.
      let depth = 0;
      let close = i;
      for (let j = i; j < tokens.length; j++) {
        if (tokens[j]!.type === 'blockquote_open') depth++;
        if (tokens[j]!.type === 'blockquote_close' && --depth === 0) {
          close = j;
          break;
        }
      }
      Object.assign(tokens[i]!, { type: 'html_block', content: `<div class="callout callout-${kind}"><p class="callout-title">${KINDS[kind]}</p>\n` });
      Object.assign(tokens[close]!, { type: 'html_block', content: '</div>\n' });
      const rest = inline.content.slice(match[0].length).replace(/^\s*\n/, '');
      if (rest.trim() === '') tokens.splice(i + 1, 3); // the marker stood alone in its paragraph
      else inline.content = rest;
    }
  });
}
