// The fixture course the unit tests build: two chapters (numbered against alphabetical order),
// a chapter without metadata yet, book pages in three parts and one diagram.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE = fileURLToPath(new URL('../fixtures/course/', import.meta.url));

/** A private copy of the fixture (to plant broken links in) plus an output folder; both removed by cleanup(). */
export function fixtureCopy(): { root: string; outDir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'book-fixture-'));
  const root = path.join(dir, 'course');
  cpSync(FIXTURE, root, { recursive: true });
  return { root, outDir: path.join(dir, 'out'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
