// The code a run grades: the learner's `src/` as it is, or an overlay that puts the reference
// files (and optionally a mutant's patch) over a copy of `src/`. The overlay sits inside the
// chapter folder so that imports resolve to the same node_modules as the learner's code.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SetupError } from '../errors.ts';
import { applyPatch } from './apply-patch.ts';
import type { Chapter } from './chapters.ts';

export type CodeSource = { kind: 'learner' } | { kind: 'solution' } | { kind: 'mutant'; name: string; patch: string };

export interface PreparedCode {
  dir: string;
  /** Removes the overlay, if one was made. */
  dispose(): void;
}

export function describeSource(source: CodeSource): string {
  return source.kind === 'mutant' ? `mutant ${source.name}` : source.kind;
}

/** Copies `src/` and then `solution/` over it into `dest/src`; returns that folder. */
export function writeSolutionOverlay(chapter: Chapter, dest: string): string {
  const srcDir = path.join(chapter.dir, 'src');
  const solutionDir = path.join(chapter.dir, 'solution');
  if (!existsSync(solutionDir)) throw new SetupError(`${chapter.name} has no solution/ folder`, 'The reference solution is not part of the learner branch.');
  const codeDir = path.join(dest, 'src');
  mkdirSync(dest, { recursive: true });
  cpSync(srcDir, codeDir, { recursive: true });
  cpSync(solutionDir, codeDir, { recursive: true });
  return codeDir;
}

export function prepareCode(chapter: Chapter, source: CodeSource, runId: string): PreparedCode {
  if (source.kind === 'learner') {
    const dir = path.join(chapter.dir, 'src');
    if (!existsSync(dir)) throw new SetupError(`${chapter.name} has no src/ folder`);
    return { dir, dispose: () => {} };
  }
  const root = path.join(chapter.dir, '.lab', 'runs', runId);
  const dir = writeSolutionOverlay(chapter, root);
  if (source.kind === 'mutant') applyPatch(dir, source.patch);
  return { dir, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
