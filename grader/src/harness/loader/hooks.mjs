// Module hooks for learner processes. The grader transpiles the learner's TypeScript once per
// run (compile-code.ts); these hooks serve that JavaScript in place of each .ts file, so a
// process starts in about 0.1 s instead of paying tsx's start-up for every restart.
// The module keeps its .ts URL: import.meta.dirname and stack traces (with source maps) point
// at the learner's own files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let source = '';
let compiled = '';

export function initialize(data) {
  source = data.source ?? '';
  compiled = data.compiled ?? '';
}

const RELATIVE = /^\.\.?\//;

/** Also accept the spellings tsx accepts: "./store.js" or "./store" for ./store.ts. */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !RELATIVE.test(specifier)) throw error;
    const candidates = [specifier.replace(/\.js$/, '.ts'), `${specifier}.ts`, `${specifier}/index.ts`];
    for (const candidate of candidates) {
      if (candidate === specifier) continue;
      try {
        return await nextResolve(candidate, context);
      } catch {
        // Try the next spelling.
      }
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (source && url.startsWith('file:') && url.endsWith('.ts')) {
    const relative = path.relative(source, fileURLToPath(url));
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      const js = await readFile(path.join(compiled, relative.replace(/\.ts$/, '.js')), 'utf8');
      return { format: 'module', source: js, shortCircuit: true };
    }
  }
  return nextLoad(url, context);
}
