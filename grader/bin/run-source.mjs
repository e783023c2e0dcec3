// Starts one of the grader's TypeScript entry points without a TypeScript loader in the
// grader's own process. Module hooks cost the start of every grade: a hooks thread, and a trip
// to it for each of the few hundred modules the grader and Vitest load (about 0.3 s of CPU on
// the course machine, of a start of under a second). Instead each entry point is bundled once
// with esbuild into a cache, and Node imports that one file as plain JavaScript:
// - every module keeps its own place: `import.meta.url` (and `dirname`, `filename`) are compiled
//   into each module as the .ts file's own, so paths to the grader's other files still work;
// - packages stay outside the bundle, each imported by the absolute path esbuild resolved from
//   the grader's folder with Node's own rules, so the cache can live anywhere.
// The bundles are built again only when a source file's size or modification time changed, so
// editing the grader needs no build step. LAB_GRADER_TSX=1 starts through tsx instead (with
// source-mapped stack traces).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

/** Size and modification time of every source file: a bundle is current while this is unchanged. */
function sourceSignature() {
  const files = readdirSync(sourceDir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${path.relative(sourceDir, file)}:${stat.size}:${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return {}; // Missing or torn: everything is bundled again.
  }
}

/** Writes by rename, so a grader starting at the same moment never reads half a file. */
function writeAtomically(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Gives each grader module its own import.meta values, as it had when loaded on its own. The
 * values are compiled in (esbuild's define works on the syntax tree), so a string or a comment
 * that merely mentions import.meta is left as it is.
 */
export function ownUrls(transform, dir = sourceDir) {
  return {
    name: 'own-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.(ts|mjs)$/ }, async (args) => {
        if (!args.path.startsWith(dir + path.sep)) return undefined;
        const { code } = await transform(readFileSync(args.path, 'utf8'), {
          loader: args.path.endsWith('.ts') ? 'ts' : 'js',
          format: 'esm',
          sourcefile: args.path,
          // Carried into the bundle's own map: stack traces still point at the .ts lines.
          sourcemap: 'inline',
          define: {
            'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
            'import.meta.dirname': JSON.stringify(path.dirname(args.path)),
            'import.meta.filename': JSON.stringify(args.path),
          },
        });
        return { contents: code, loader: 'js' };
      });
    },
  };
}

/** Packages: outside the bundle, as the absolute file Node would load for the grader. */
const packagesByPath = {
  name: 'packages-by-path',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      // Node's own rules: the import (or require) condition and "main", never "module".
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (found.errors.length > 0 || !path.isAbsolute(found.path)) return { path: args.path, external: true };
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

/** The bundle of `entry` (a path under grader/src), built again if any source file changed. */
async function bundleOf(entry) {
  const out = path.join(cacheDir, entry.replace(/\.ts$/, '.mjs'));
  const signature = sourceSignature();
  const manifest = readManifest();
  const built = manifest.signature === signature ? (manifest.entries ?? []) : [];
  if (built.includes(entry) && existsSync(out)) return out;
  // esbuild is loaded only when something changed: it starts a service process.
  const { build, transform } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(sourceDir, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: [],
    mainFields: ['main'],
    sourcemap: 'inline',
    logLevel: 'silent',
    plugins: [ownUrls(transform), packagesByPath],
  });
  writeAtomically(out, result.outputFiles[0].text);
  writeAtomically(manifestFile, JSON.stringify({ signature, entries: [...new Set([...built, entry])] }));
  return out;
}

/**
 * Imports `entry` (a path under grader/src) from its bundle. `otherTypeScript`: the command also
 * imports TypeScript from elsewhere (publishing loads the published copy's own grader), so tsx
 * is registered for those files.
 */
export async function runSource(entry, { otherTypeScript = false } = {}) {
  const viaTsx = process.env.LAB_GRADER_TSX === '1';
  if (viaTsx || otherTypeScript) {
    const { register: registerTsx } = await import('tsx/esm/api');
    registerTsx();
  }
  const file = viaTsx ? path.join(sourceDir, entry) : await bundleOf(entry);
  await import(pathToFileURL(file).href);
}
