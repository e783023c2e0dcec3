// Starts one of the grader's TypeScript entry points without tsx in the grader's own process.
// tsx's loader costs about half a second of every start (resolution, cache lookups, source
// maps for every module), and a learner waits for it on every grade. Instead the grader's
// source is transpiled once with esbuild into a cache and served by the same module hooks
// that serve a learner's compiled code (../src/harness/loader/hooks.mjs), so every module
// keeps its .ts URL (import.meta.url, paths to the grader's own files). A file is transpiled
// again only when its size or modification time changed, so editing the grader needs no build
// step. LAB_GRADER_TSX=1 starts through tsx instead (with source-mapped stack traces).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const graderDir = fileURLToPath(new URL('..', import.meta.url));
const sourceDir = path.join(graderDir, 'src');
// One cache per copy of the grader: a published branch checked out beside this one may share
// node_modules, and its files have the same names.
const copy = createHash('sha256').update(sourceDir).digest('hex').slice(0, 12);
// LAB_GRADER_CACHE: another folder (the grader's own tests use a fresh one).
const cacheDir = process.env.LAB_GRADER_CACHE || path.join(graderDir, '..', 'node_modules', '.cache', 'scaling-lab-grader', copy);
const manifestFile = path.join(cacheDir, 'manifest.json');

function sourceFiles() {
  return readdirSync(sourceDir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.relative(sourceDir, path.join(entry.parentPath, entry.name)));
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return {}; // Missing or torn: everything is transpiled again.
  }
}

/** Writes by rename, so a grader starting at the same moment never reads half a file. */
function writeAtomically(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

async function refreshCache() {
  const manifest = readManifest();
  const current = {};
  const stale = [];
  for (const file of sourceFiles()) {
    const stat = statSync(path.join(sourceDir, file));
    current[file] = `${stat.size}:${stat.mtimeMs}`;
    if (manifest[file] !== current[file]) stale.push(file);
  }
  if (stale.length === 0) return;
  // esbuild is loaded only when something changed: it starts a service process.
  const { transform } = await import('esbuild');
  await Promise.all(
    stale.map(async (file) => {
      const source = path.join(sourceDir, file);
      const { code } = await transform(readFileSync(source, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        sourcemap: 'inline',
        sourcefile: source,
      });
      writeAtomically(path.join(cacheDir, file.replace(/\.ts$/, '.js')), code);
    }),
  );
  writeAtomically(manifestFile, JSON.stringify(current));
}

/**
 * Imports `entry` (a path under grader/src) with the grader's source served from the cache.
 * `otherTypeScript`: the command also imports TypeScript from elsewhere (publishing loads the
 * published copy's own grader), so tsx stays registered behind the cache for those files.
 */
export async function runSource(entry, { otherTypeScript = false } = {}) {
  const viaTsx = process.env.LAB_GRADER_TSX === '1';
  if (viaTsx || otherTypeScript) {
    const { register: registerTsx } = await import('tsx/esm/api');
    registerTsx();
  }
  if (!viaTsx) {
    await refreshCache();
    // Registered last, so asked first: the grader's own files never reach tsx.
    register(new URL('../src/harness/loader/hooks.mjs', import.meta.url), { data: { folders: [[sourceDir, cacheDir]] } });
  }
  await import(pathToFileURL(path.join(sourceDir, entry)).href);
}
