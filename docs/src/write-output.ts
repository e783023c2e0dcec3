// Writes the built book: generated files, the client assets, MiniSearch for the browser and the
// images and diagrams the pages link to. The output folder is replaced as a whole.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLIENT_DIR = fileURLToPath(new URL('../client/', import.meta.url));

/** Files the client needs, by output path, with their content. */
export function clientFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(CLIENT_DIR)) files.set(`assets/${name}`, readFileSync(path.join(CLIENT_DIR, name), 'utf8'));
  // The ES build of MiniSearch, without its source-map comment (the map is not shipped).
  const require = createRequire(import.meta.url);
  const esm = path.join(path.dirname(require.resolve('minisearch')), '..', 'es', 'index.js');
  files.set('assets/minisearch.js', readFileSync(esm, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, ''));
  return files;
}

export function writeOutput(outDir: string, files: Map<string, string>, copies: Map<string, string>): void {
  rmSync(outDir, { recursive: true, force: true });
  for (const [relative, content] of files) {
    const target = path.join(outDir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  for (const [source, relative] of copies) {
    const target = path.join(outDir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
}
