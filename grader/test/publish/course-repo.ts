// A throwaway git repository holding a tiny course to publish: the fixture chapter 02-tiny (with
// solution/ and mutants/), a copy of this grader (the publisher computes the digest with the
// published grader) and root files shaped like the real course's.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const graderDir = path.resolve(import.meta.dirname, '../..');
export const tinyChapter = path.join(graderDir, 'test/fixtures/course/chapters/02-tiny');

export interface CourseRepo {
  dir: string;
  git: (...args: string[]) => string;
  write: (file: string, content: string) => void;
  commit: (message: string) => void;
  remove: () => void;
}

// commit-tree needs an identity; a fresh CI machine may have none configured.
for (const [name, value] of [['GIT_AUTHOR_NAME', 'test'], ['GIT_AUTHOR_EMAIL', 'test@example.invalid'], ['GIT_COMMITTER_NAME', 'test'], ['GIT_COMMITTER_EMAIL', 'test@example.invalid']] as const) {
  process.env[name] ??= value;
}

export function makeCourseRepo(): CourseRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-publish-test-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trimEnd();
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  const chapter = path.join(dir, 'chapters', '02-tiny');
  cpSync(tinyChapter, chapter, { recursive: true, filter: (from) => !from.split(path.sep).includes('.lab') });
  write('chapters/02-tiny/mutants/x.patch', 'Breaks: T1\n');
  write('chapters/02-tiny/mutation.md', '# Mutation testing: 02-tiny\n');
  write('chapters/02-tiny/mutation-equivalents.json', '{"equivalents": []}\n');
  const manifest = JSON.parse(readFileSync(path.join(chapter, 'package.json'), 'utf8'));
  write('chapters/02-tiny/package.json', `${JSON.stringify({ ...manifest, scripts: { verify: 'lab-verify' } }, null, 2)}\n`);
  for (const part of ['src', 'bin', 'package.json']) cpSync(path.join(graderDir, part), path.join(dir, 'grader', part), { recursive: true });
  write('README.md', '# course\n\n`npm test` checks the course; `npm run verify -- 02`; `npm run publish:branches`.\n');
  write('.gitignore', 'node_modules/\n.lab/\n');
  write('.ci/run', '#!/usr/bin/env bash\nnpm ci && npm test\n');
  const scripts = { grade: 'lab-grade grade', check: 'lab-grade check', test: 'turbo run typecheck test verify', typecheck: 'turbo run typecheck', classroom: 'lab-grade classroom', verify: 'lab-verify', mutation: 'lab-mutation', 'publish:branches': 'lab-publish' };
  write('package.json', `${JSON.stringify({ name: 'tiny-course', private: true, type: 'module', workspaces: ['grader', 'chapters/*'], scripts }, null, 2)}\n`);
  git('init', '-q', '-b', 'main');
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
  };
  commit('course');
  return { dir, git, write, commit, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
