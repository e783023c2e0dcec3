// What one render of one page carries through the markdown-it plugins, and what they leave in
// it: the page's headings (outline, search) and the files it needs copied to the output.
import type { BookPage } from '../pages.ts';
import type { LinkResolver } from './resolve-link.ts';

export interface Heading {
  level: number;
  /** The anchor as a lesson link names it: "t3-list-with-cursor-pagination". */
  anchor: string;
  /** The id written in the HTML: the anchor, prefixed on the print page. */
  id: string;
  text: string;
}

export interface RenderEnv {
  page: BookPage;
  resolver: LinkResolver;
  /** '' on a page of its own; a page-specific prefix on the print page, where pages share one document. */
  idPrefix: string;
  mode: 'page' | 'print';
  /** HTML inserted right after the page's first heading (a chapter's tasks and commands). */
  afterTitle?: string;
  headings: Heading[];
  problems: string[];
  /** Absolute source path -> output path (relative to the book root) of every file to copy. */
  assets: Map<string, string>;
  /** Counts inlined diagrams, so their internal ids stay unique in one document. */
  figures: number;
}

export function newEnv(page: BookPage, resolver: LinkResolver, mode: 'page' | 'print', idPrefix = ''): RenderEnv {
  return { page, resolver, idPrefix, mode, headings: [], problems: [], assets: new Map(), figures: 0 };
}
