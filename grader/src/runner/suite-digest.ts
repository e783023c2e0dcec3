// A fingerprint of everything that decides a grade: each chapter's metadata and hidden suite,
// and the grader itself. An instructor pins the fingerprint of the published course
// (`--expect-suites <digest>`); a learner's copy whose suites or grader were edited no longer
// matches, and the grader refuses to grade it (exit 2) instead of scoring a rigged suite.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chapter } from '../course/chapters.ts';

const graderDir = fileURLToPath(new URL('../../', import.meta.url));

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function digestFiles(root: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    // Path and content both count; line endings are normalised so a checkout on Windows
    // with autocrlf gives the same fingerprint.
    hash.update(path.relative(root, file).split(path.sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file, 'utf8').replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function suitesDigest(chapters: Chapter[]): string {
  const files = [
    ...filesUnder(path.join(graderDir, 'src')),
    path.join(graderDir, 'package.json'),
    ...chapters.flatMap((c) => [path.join(c.dir, 'chapter.json'), ...filesUnder(path.join(c.dir, 'grading'))]),
  ];
  return digestFiles(path.dirname(graderDir.replace(/\/$/, '')), files);
}
