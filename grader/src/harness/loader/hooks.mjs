// Module hooks for learner processes. The grader transpiles the learner's TypeScript once per
// run (compile-code.ts); these hooks serve that JavaScript in place of each .ts file, so a
// process starts in about 0.1 s instead of paying tsx's start-up for every restart.
// The module keeps its .ts URL: import.meta.dirname and stack traces (with source maps) point
// at the learner's own files.
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** [sourceDir, compiledDir] pairs: a .ts file under sourceDir is served from compiledDir. */
let folders = [];
/** Where to record each learner file this process loads, or undefined (see verify.ts). */
let trace;

export function initialize(data) {
  folders = data.folders ?? [];
  trace = data.trace;
}

/** Appends the learner's file (relative to the code folder, the first one) to the trace. */
function traceLoad(file) {
  if (!trace || folders.length === 0) return;
  const relative = path.relative(folders[0][0], file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return;
  // One short line per write: appends from concurrent processes do not interleave.
  appendFileSync(trace, `${relative.split(path.sep).join('/')}\n`);
}

function compiledFile(file) {
  for (const [source, compiled] of folders) {
    const relative = path.relative(source, file);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) return path.join(compiled, relative.replace(/\.ts$/, '.js'));
  }
  return undefined;
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
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const source = fileURLToPath(url);
    const file = compiledFile(source);
    traceLoad(source);
    if (file) return { format: 'module', source: await readFile(file, 'utf8'), shortCircuit: true };
  }
  return nextLoad(url, context);
}
