// Applies a unified diff (as `diff -u` or `git diff` writes it) to files in a folder. Used to
// build mutants: plausible wrong implementations written as small patches over the reference.
// Strict on purpose: a hunk whose lines are not found exactly once fails, so a mutant cannot
// silently stop mutating when the reference changes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Hunk {
  oldLines: string[];
  newLines: string[];
}

export interface FilePatch {
  file: string;
  hunks: Hunk[];
}

export class PatchError extends Error {}

export function parsePatch(text: string): FilePatch[] {
  const patches: FilePatch[] = [];
  const lines = text.split('\n');
  let patch: FilePatch | undefined;
  let hunk: Hunk | undefined;
  for (const line of lines) {
    if (line.startsWith('--- ')) {
      hunk = undefined;
      continue;
    }
    if (line.startsWith('+++ ')) {
      const file = line.slice(4).split('\t')[0]!.trim().replace(/^b\//, '');
      patch = { file, hunks: [] };
      patches.push(patch);
      continue;
    }
    if (line.startsWith('@@')) {
      if (!patch) throw new PatchError(`hunk before any file header: ${line}`);
      hunk = { oldLines: [], newLines: [] };
      patch.hunks.push(hunk);
      continue;
    }
    if (!hunk) continue; // Free text before the first file: the mutant's description.
    if (line.startsWith('\\')) continue; // "\ No newline at end of file"
    const body = line.slice(1);
    if (line.startsWith(' ') || line === '') {
      hunk.oldLines.push(body);
      hunk.newLines.push(body);
    } else if (line.startsWith('-')) hunk.oldLines.push(body);
    else if (line.startsWith('+')) hunk.newLines.push(body);
    else hunk = undefined;
  }
  // A trailing blank line of the patch file is not context.
  for (const p of patches) {
    const last = p.hunks.at(-1);
    if (last && last.oldLines.at(-1) === '' && last.newLines.at(-1) === '') {
      last.oldLines.pop();
      last.newLines.pop();
    }
  }
  if (patches.length === 0) throw new PatchError('no file changes found in the patch');
  return patches;
}

function indexOfRun(haystack: string[], needle: string[], from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export function applyPatch(dir: string, text: string): string[] {
  const patches = parsePatch(text);
  for (const { file, hunks } of patches) {
    const target = path.join(dir, file);
    let lines = readFileSync(target, 'utf8').split('\n');
    for (const [n, hunk] of hunks.entries()) {
      const at = indexOfRun(lines, hunk.oldLines);
      if (at < 0) throw new PatchError(`${file}: hunk ${n + 1} does not match the file any more`);
      if (indexOfRun(lines, hunk.oldLines, at + 1) >= 0) throw new PatchError(`${file}: hunk ${n + 1} matches in more than one place`);
      lines = [...lines.slice(0, at), ...hunk.newLines, ...lines.slice(at + hunk.oldLines.length)];
    }
    writeFileSync(target, lines.join('\n'));
  }
  return patches.map((p) => p.file);
}
