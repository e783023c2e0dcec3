// Leaves a chapter README's generated "Start here" block (see ../start-here.ts) out of the book:
// it is there for learners reading the README in an editor, and the chapter card under the
// page title already shows the same files, commands and tasks from the same chapter.json.
import type MarkdownIt from 'markdown-it';

const BEGIN = /^<!-- start-here:begin\b/;
const END = /<!-- start-here:end -->/;

export function startHereBlockPlugin(md: MarkdownIt): void {
  md.core.ruler.push('book-start-here-block', (state) => {
    const tokens = state.tokens;
    const begin = tokens.findIndex((t) => t.type === 'html_block' && BEGIN.test(t.content));
    if (begin === -1) return;
    const end = tokens.findIndex((t, i) => i >= begin && t.type === 'html_block' && END.test(t.content));
    // Without its end marker the block stays visible: better shown twice than a lost lesson.
    if (end === -1) return;
    tokens.splice(begin, end - begin + 1);
  });
}
