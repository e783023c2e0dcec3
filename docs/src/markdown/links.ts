// Rewrites every relative link and image of a page: lesson links become book pages, images are
// copied next to the page, repository files become plain text (or links to BOOK_SOURCE_URL),
// and a link to a file that does not exist is a build problem, reported with its line.
import path from 'node:path';
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { escapeHtml, relativeHref } from '../urls.ts';
import type { RenderEnv } from './env.ts';
import { printKey, type Target } from './resolve-link.ts';

function hrefFor(target: Target, env: RenderEnv, original: string): string {
  const print = env.mode === 'print';
  switch (target.kind) {
    case 'external':
      return target.href;
    case 'anchor':
      return `#${env.idPrefix}${target.anchor}`;
    case 'page': {
      if (print) return `#${printKey(target.pageId)}${target.anchor ? `--${target.anchor}` : ''}`;
      const base = relativeHref(env.page.id, target.pageId, true);
      return target.anchor ? `${base}#${target.anchor}` : base;
    }
    case 'asset':
      env.assets.set(target.file, target.output);
      return relativeHref(print ? 'print' : env.page.id, target.output, false);
    case 'source':
      return env.resolver.sourceUrl ? `${env.resolver.sourceUrl.replace(/\/$/, '')}/${target.repoPath}` : original;
    case 'missing':
      return original;
  }
}

function where(env: RenderEnv, inline: Token): string {
  const file = path.relative(env.resolver.root, env.page.source);
  return inline.map ? `${file}:${inline.map[0] + 1}` : file;
}

function rewriteInline(inline: Token, env: RenderEnv): void {
  const children = inline.children ?? [];
  for (let i = 0; i < children.length; i++) {
    const token = children[i]!;
    if (token.type === 'html_inline') {
      token.content = rewriteRawHtml(token.content, env, inline);
      continue;
    }
    const attr = token.type === 'link_open' ? 'href' : token.type === 'image' ? 'src' : null;
    if (!attr) continue;
    const original = token.attrGet(attr) ?? '';
    const target = env.resolver.resolve(env.page.source, original);
    if (target.kind === 'missing') {
      env.problems.push(`${where(env, inline)}: broken link "${original}": there is no ${target.repoPath} in the repository`);
      // Reported here with its line; renamed so the output check does not report it again.
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== attr);
      token.attrSet(`data-broken-${attr}`, original);
      continue;
    }
    if (target.kind === 'asset' && token.type === 'image') {
      // Course diagrams are inlined (figures.ts); other images get a link to open them full size (image-links.ts).
      token.meta = { ...token.meta, asset: true, ...(target.diagram ? { diagram: target.file } : {}) };
    }
    if (target.kind === 'source' && !env.resolver.sourceUrl && token.type === 'link_open') {
      // Not part of the book: keep the words, say where the file lives.
      const close = children.findIndex((t, j) => j > i && t.type === 'link_close');
      token.type = 'html_inline';
      token.content = `<span class="source-path" title="In the repository: ${escapeHtml(target.repoPath)}">`;
      if (close !== -1) Object.assign(children[close]!, { type: 'html_inline', content: '</span>' });
      continue;
    }
    token.attrSet(attr, hrefFor(target, env, original));
    if (target.kind === 'external') token.attrSet('rel', 'noopener');
  }
}

/** Raw HTML in the Markdown (`<img src=...>`, `<a href=...>`) is resolved the same way. */
function rewriteRawHtml(html: string, env: RenderEnv, at: Token): string {
  return html.replace(/\s(href|src)="([^"]*)"/g, (whole, attr: string, original: string) => {
    const target = env.resolver.resolve(env.page.source, original);
    if (target.kind === 'external' || (target.kind === 'anchor' && env.mode === 'page')) return whole;
    if (target.kind === 'missing') {
      env.problems.push(`${where(env, at)}: broken link "${original}": there is no ${target.repoPath} in the repository`);
      return ` data-broken-${attr}="${original}"`;
    }
    if (target.kind === 'source' && !env.resolver.sourceUrl) return ` title="In the repository: ${escapeHtml(target.repoPath)}"`;
    return ` ${attr}="${escapeHtml(hrefFor(target, env, original))}"`;
  });
}

export function linksPlugin(md: MarkdownIt): void {
  md.core.ruler.push('book-links', (state) => {
    const env = state.env as RenderEnv;
    for (const token of state.tokens) {
      if (token.type === 'inline') rewriteInline(token, env);
      else if (token.type === 'html_block') token.content = rewriteRawHtml(token.content, env, token);
    }
  });
}
