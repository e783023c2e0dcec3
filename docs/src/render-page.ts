// Renders one page's Markdown to HTML, for its own page or for the print page, and returns
// everything the rest of the build needs from it.
import type MarkdownIt from 'markdown-it';
import { chapterCard } from './chapter-card.ts';
import { type Heading, newEnv } from './markdown/env.ts';
import { firstHeading, type BookPage } from './pages.ts';
import { type LinkResolver, printKey } from './markdown/resolve-link.ts';
import { searchSections, type SearchSection } from './search-sections.ts';

export interface RenderedPage {
  page: BookPage;
  html: string;
  headings: Heading[];
  sections: SearchSection[];
  assets: Map<string, string>;
  problems: string[];
}

function sourceOf(page: BookPage): string {
  if (!page.chapter) return page.markdown;
  if (page.markdown.trim() === '') {
    return `# ${page.title}\n\n> [!NOTE]\n> The lesson of this chapter is being written. Its tasks are already graded.\n`;
  }
  return firstHeading(page.markdown) ? page.markdown : `# ${page.title}\n\n${page.markdown}`;
}

export function renderPage(md: MarkdownIt, page: BookPage, resolver: LinkResolver, mode: 'page' | 'print'): RenderedPage {
  const idPrefix = mode === 'print' ? `${printKey(page.id)}--` : '';
  const env = newEnv(page, resolver, mode, idPrefix);
  if (page.chapter) {
    const lessonWritten = page.markdown.trim() !== '';
    env.afterTitle = chapterCard(page.chapter, lessonWritten ? (anchor) => `#${idPrefix}${anchor}` : undefined);
  }
  const tokens = md.parse(sourceOf(page), env);
  const html = md.renderer.render(tokens, md.options, env);
  const sections = mode === 'page' ? searchSections(tokens, page.id, page.title) : [];
  return { page, html, headings: env.headings, sections, assets: env.assets, problems: env.problems };
}
