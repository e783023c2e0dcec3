// A private copy of fixture chapters, for tests whose learner code writes into the course (the
// shared fixture course must stay as it is for the tests that run beside them), with its own
// temp directory so that whatever a grader leaves behind there can be counted.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureCourse } from './cli.ts';

export interface PrivateCourse {
  root: string;
  /** TMPDIR for the grader under test: its run folders and port locks go there. */
  tmp: string;
  chapter(name: string): string;
  /** Files and folders the grader left in its temp directory and in the course's .lab folders. */
  leftovers(): string[];
  remove(): void;
}

const repoNodeModules = path.resolve(import.meta.dirname, '../../../node_modules');

export function makePrivateCourse(chapters: string[]): PrivateCourse {
  const base = mkdtempSync(path.join(os.tmpdir(), 'lab-private-course-'));
  const root = path.join(base, 'course');
  const tmp = path.join(base, 'tmp');
  mkdirSync(tmp, { recursive: true });
  for (const name of chapters) {
    cpSync(path.join(fixtureCourse, 'chapters', name), path.join(root, 'chapters', name), { recursive: true, filter: (from) => !from.split(path.sep).includes('.lab') });
  }
  // The suites import the harness and Vitest by package name, as the fixture course does from its place in this repository.
  symlinkSync(repoNodeModules, path.join(root, 'node_modules'), 'junction');
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).map((entry) => path.join(dir, entry)) : []);
  return {
    root,
    tmp,
    chapter: (name) => path.join(root, 'chapters', name),
    leftovers: () => [
      // Port locks, run folders and anything else of ours; tsx's compile cache is a cache, not a leftover.
      ...list(tmp).filter((entry) => !/^tsx-\d+$/.test(path.basename(entry)) && !['scaling-lab', 'scaling-lab-ports'].includes(path.basename(entry))),
      ...list(path.join(tmp, 'scaling-lab')),
      ...list(path.join(tmp, 'scaling-lab-ports')),
      ...list(path.join(root, '.lab', 'suites')),
      ...chapters.flatMap((name) => list(path.join(root, 'chapters', name, '.lab', 'runs'))),
    ],
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}
