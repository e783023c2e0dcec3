// Where a relative link in a Markdown source points. Links are written the way they work on
// GitHub (`../02-reverse-proxy/README.md#t1-forwarding`, `images/flow.svg`, `src/main.ts`) and
// resolved against the source file, so the same Markdown reads well in both places.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BookPage } from '../pages.ts';

export type Target =
  | { kind: 'external'; href: string }
  | { kind: 'anchor'; anchor: string }
  | { kind: 'page'; pageId: string; anchor: string }
  | { kind: 'asset'; file: string; output: string; diagram: boolean }
  | { kind: 'source'; repoPath: string }
  | { kind: 'missing'; repoPath: string };

const ASSET = /\.(svg|png|jpe?g|gif|webp|avif)$/i;

/** On the print page every page is a section: ids get the page's key in front. */
export function printKey(pageId: string): string {
  return pageId === '' ? 'home' : pageId.replace(/\//g, '-');
}

export class LinkResolver {
  private readonly pageBySource = new Map<string, string>();

  constructor(
    readonly root: string,
    pages: BookPage[],
    /** When set (BOOK_SOURCE_URL), links to repository files point there; otherwise they become plain text. */
    readonly sourceUrl?: string,
  ) {
    for (const page of pages) {
      this.pageBySource.set(page.source, page.id);
      // A chapter's folder stands for its lesson, as GitHub shows README.md for a folder.
      if (page.chapter) this.pageBySource.set(page.chapter.dir, page.id);
    }
  }

  pageOf(source: string): string | undefined {
    return this.pageBySource.get(source);
  }

  resolve(fromSource: string, href: string): Target {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return { kind: 'external', href };
    const hashAt = href.indexOf('#');
    const pathPart = hashAt === -1 ? href : href.slice(0, hashAt);
    const anchor = hashAt === -1 ? '' : decodeURIComponent(href.slice(hashAt + 1));
    if (pathPart === '') return { kind: 'anchor', anchor };

    const absolute = pathPart.startsWith('/')
      ? path.join(this.root, decodeURIComponent(pathPart))
      : path.resolve(path.dirname(fromSource), decodeURIComponent(pathPart));
    const target = absolute.replace(/[/\\]$/, '');
    const repoPath = path.relative(this.root, target).split(path.sep).join('/');
    if (repoPath.startsWith('..')) return { kind: 'missing', repoPath };
    const pageId = this.pageBySource.get(target);
    if (pageId !== undefined) return { kind: 'page', pageId, anchor };
    if (!existsSync(target)) return { kind: 'missing', repoPath };
    if (statSync(target).isFile() && ASSET.test(target)) {
      return { kind: 'asset', file: target, output: this.assetOutput(repoPath), diagram: /^docs\/diagrams\/[^/]+\.svg$/.test(repoPath) };
    }
    return { kind: 'source', repoPath };
  }

  /** Chapter files keep their place under the chapter's page, so `images/x.svg` needs no rewrite. */
  private assetOutput(repoPath: string): string {
    if (repoPath.startsWith('chapters/')) return repoPath;
    if (repoPath.startsWith('docs/diagrams/')) return repoPath.slice('docs/'.length);
    return `files/${repoPath}`;
  }
}
