// The code a run grades: the learner's `src/` as it is, or an overlay over a copy of `src/`:
// the reference files (and optionally a mutant's patch), or the learner files of another copy
// of the course (`--code`). The overlay sits inside the chapter folder so that imports resolve
// to the same node_modules as the learner's code.
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SetupError } from '../errors.ts';
import { applyPatch } from './apply-patch.ts';
import type { Chapter } from './chapters.ts';

export type CodeSource =
  | { kind: 'learner' }
  | { kind: 'solution' }
  | { kind: 'mutant'; name: string; patch: string }
  /** The learner files of another copy of the course, rooted at `root` (`label`: as the user named it). */
  | { kind: 'code'; root: string; label: string };

/** A learner file is source code: anything bigger is not one, and is refused rather than copied. */
const MAX_LEARNER_FILE_BYTES = 1024 * 1024;

export interface PreparedCode {
  dir: string;
  /** Removes the overlay, if one was made. */
  dispose(): void;
}

export function describeSource(source: CodeSource): string {
  if (source.kind === 'mutant') return `mutant ${source.name}`;
  if (source.kind === 'code') return `code from ${source.label}`;
  return source.kind;
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
  if (source.kind === 'code') {
    const dir = path.join(root, 'src');
    try {
      writeLearnerFilesOverlay(chapter, source, dir);
    } catch (error) {
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
    return { dir, dispose: () => rmSync(root, { recursive: true, force: true }) };
  }
  const dir = writeSolutionOverlay(chapter, root);
  if (source.kind === 'mutant') applyPatch(dir, source.patch);
  return { dir, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * This copy's `src/` (stubs and provided files) with only the chapter's learner files taken from
 * another copy: whatever that copy did to its suites, its grader or its provided files cannot
 * matter. A learner file it lacks stays the stub; one that is a link or not a plain file is
 * refused, so no file outside that copy is ever read.
 */
function writeLearnerFilesOverlay(chapter: Chapter, source: { root: string; label: string }, dest: string): void {
  const theirs = path.join(source.root, 'chapters', chapter.name, 'src');
  if (!existsSync(theirs)) {
    throw new SetupError(`${source.label} has no chapters/${chapter.name}/src/`, 'Point --code at the root of a copy of the course: the folder that holds chapters/.');
  }
  mkdirSync(dest, { recursive: true });
  cpSync(path.join(chapter.dir, 'src'), dest, { recursive: true });
  for (const file of chapter.meta.learnerFiles) {
    const from = path.join(theirs, file);
    let stat;
    try {
      stat = lstatSync(from);
    } catch {
      continue; // not written there: the stub stays and its tasks fail
    }
    if (!stat.isFile()) throw new SetupError(`${source.label}: chapters/${chapter.name}/src/${file} is not a plain file (a link or a folder)`, 'Learner files are graded as plain files; replace the link with the file itself.');
    if (stat.size > MAX_LEARNER_FILE_BYTES) throw new SetupError(`${source.label}: chapters/${chapter.name}/src/${file} is ${stat.size} bytes, over the ${MAX_LEARNER_FILE_BYTES} a learner file may have`);
    writeFileSync(path.join(dest, file), readFileSync(from));
  }
}
