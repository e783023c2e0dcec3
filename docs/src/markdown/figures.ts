// A course diagram (docs/diagrams/*.svg) standing alone in a paragraph is inlined as a figure:
// inline SVG follows the page's theme switch, which an <img> cannot see. The SVG's own <style>
// (there for GitHub, where it follows the system theme) is dropped in favour of the book's
// stylesheet, and its ids are prefixed so several diagrams can share one document.
import { readFileSync, statSync } from 'node:fs';
import type MarkdownIt from 'markdown-it';
import { escapeHtml } from '../urls.ts';
import type { RenderEnv } from './env.ts';

// Keyed by path and modification time: `npm run docs` rebuilds in one process as files change.
const sources = new Map<string, string>();

function readSvg(file: string): string {
  const key = `${file}@${statSync(file).mtimeMs}`;
  let text = sources.get(key);
  if (text === undefined) {
    text = readFileSync(file, 'utf8')
      .replace(/<\?xml[^>]*\?>/g, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .trim();
    sources.set(key, text);
  }
  return text;
}

export function inlineSvg(file: string, env: RenderEnv): string {
  const prefix = `${env.idPrefix}fig${++env.figures}-`;
  let svg = readSvg(file)
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}${id}"`);
  if (!/<title id=/.test(svg)) svg = svg.replace('<title>', `<title id="${prefix}title">`);
  const titleId = /<title id="([^"]+)"/.exec(svg)?.[1] ?? `${prefix}title`;
  return svg.replace(/<svg\b/, `<svg class="diagram-svg" role="img" aria-labelledby="${titleId}"`);
}

export function figuresPlugin(md: MarkdownIt): void {
  md.core.ruler.push('book-figures', (state) => {
    const env = state.env as RenderEnv;
    const tokens = state.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      if (tokens[i]!.type !== 'paragraph_open') continue;
      const children = (tokens[i + 1]!.children ?? []).filter((t) => !(t.type === 'text' && t.content.trim() === ''));
      const image = children[0];
      if (children.length !== 1 || image?.type !== 'image' || !image.meta?.diagram) continue;
      const caption = image.attrGet('title') || image.children?.map((t) => t.content).join('') || '';
      const figure = new state.Token('html_block', '', 0);
      figure.content = `<figure class="diagram">${inlineSvg(image.meta.diagram as string, env)}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>\n`;
      tokens.splice(i, 3, figure);
    }
  });
}
