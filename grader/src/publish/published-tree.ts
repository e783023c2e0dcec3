// A published tree written out to a temporary folder, to measure it the way a learner's checkout
// will be measured: its chapter digests computed by its own grader, and (--check-grades) graded by
// its own grader with the packages already installed in the source checkout.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Git } from './git.ts';
import { PublishError } from './publish-error.ts';

export interface Checkout {
  dir: string;
  dispose(): void;
}

/** Writes every file of `tree` under a new temporary folder (a private index; no work tree is touched). */
export function checkOut(git: Git, tree: string, label: string): Checkout {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `lab-publish-${label}-`));
  const dir = path.join(tmp, 'course');
  const indexed = git.withIndex(path.join(tmp, 'index'));
  indexed.run(['read-tree', tree]);
  indexed.run(['checkout-index', '-a', `--prefix=${dir}${path.sep}`]);
  return { dir, dispose: () => rmSync(tmp, { recursive: true, force: true }) };
}

/**
 * The chapter digests (`suitesDigest`) that `npm run grade` reports in this checkout: computed by
 * the checkout's own grader code (each digest fingerprints that very code), over its own chapters.
 */
export async function checkoutDigests(dir: string): Promise<Record<string, string>> {
  const module = (file: string) => pathToFileURL(path.join(dir, 'grader', 'src', file)).href;
  const { listChapters } = (await import(module('course/chapters.ts'))) as typeof import('../course/chapters.ts');
  const { suitesManifest } = (await import(module('runner/suite-digest.ts'))) as typeof import('../runner/suite-digest.ts');
  return suitesManifest(listChapters(dir));
}

const isInside = (file: string, dir: string) => {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/**
 * Gives a checkout the source's installed packages without installing anything: a link to each
 * package of `<repo>/node_modules`, except links that npm made relative (the workspaces, such as
 * `@scaling-lab/grader -> ../../grader`, and the commands in `.bin`), which are made again with
 * the same relative target: they then name the checkout's own grader, chapters and packages.
 * (Only the root node_modules is linked: npm hoists every package of this course there.)
 */
export function linkNodeModules(repoDir: string, dir: string): void {
  const from = path.join(repoDir, 'node_modules');
  if (!existsSync(from)) throw new PublishError(`${repoDir} has no node_modules/`, 'Run "npm ci" first: --check-grades grades with the installed packages.');
  mirror(from, path.join(dir, 'node_modules'), repoDir, true);
}

function mirror(from: string, to: string, repoDir: string, top: boolean): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    // npm's hidden lockfile and tools' caches (.vite, .cache) stay out.
    if (entry.name.startsWith('.') && entry.name !== '.bin') continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) {
      const link = readlinkSync(source);
      if (!path.isAbsolute(link) && isInside(path.resolve(from, link), repoDir)) {
        symlinkSync(link, target);
        continue;
      }
    } else if (entry.isDirectory() && top && (entry.name === '.bin' || entry.name.startsWith('@'))) {
      mirror(source, target, repoDir, false); // a scope or .bin: its entries, one by one
      continue;
    }
    symlinkSync(source, target, entry.isDirectory() ? 'dir' : 'file');
  }
}
