// `npm run docs:build`: builds the book into docs/dist/. Exit 1 with every problem listed when
// a link is broken or a page is malformed.
import { fileURLToPath } from 'node:url';
import { buildBook, type BuildResult } from './build-book.ts';
import { BuildError } from './errors.ts';

export const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** Builds and reports; on a build problem, exits 1 or (when watching) returns undefined. */
export function buildFromCli({ exitOnError = true } = {}): BuildResult | undefined {
  try {
    const result = buildBook({ outDir: DIST, sourceUrl: process.env.BOOK_SOURCE_URL, editUrl: process.env.BOOK_EDIT_URL || undefined, base: process.env.BOOK_BASE ?? '/' });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(`Built ${result.pages.length} pages (${result.searchEntries} search entries, ${result.files} files) into ${result.outDir} in ${result.ms} ms`);
    return result;
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    console.error(`The book did not build: ${error.message}`);
    if (exitOnError) process.exit(1);
    return undefined;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildFromCli();
