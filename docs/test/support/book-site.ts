// The real book, built into a temporary folder and served on 127.0.0.1 for the browser test,
// plus the bookkeeping a page visit needs: console errors, failed requests, HTTP errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildBook, type BuildResult } from '../../src/build-book.ts';
import { serveStatic, type StaticServer } from '../../src/static-server.ts';

export interface BookSite {
  build: BuildResult;
  server: StaticServer;
  /** Absolute URL of a page id ('' is the home page). */
  url(id: string): string;
  close(): Promise<void>;
}

export async function startBookSite(): Promise<BookSite> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'book-dist-'));
  const build = buildBook({ outDir });
  const server = await serveStatic(outDir, 0);
  return {
    build,
    server,
    url: (id) => (id === '' ? server.url : `${server.url}${id}/`),
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Everything that went wrong while a page loaded, as readable lines; [] when it loaded clean. */
export function watchPage(page: Page): { problems: string[]; reset(): void } {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // ERR_ABORTED is the browser cancelling a request because we navigated on (a favicon still
    // loading when the next page opens), not the server failing it; a missing file shows up
    // as an HTTP status below, and a refused connection as another error text.
    if (reason === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return { problems, reset: () => void problems.splice(0) };
}
