// Publishing builds the learner and solutions branches from a commit, without touching the
// work tree.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../src/publish/publish.ts';

const fixture = path.resolve(import.meta.dirname, '../fixtures/course/chapters/02-tiny');
let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trimEnd();

beforeAll(() => {
  // commit-tree needs an identity; a fresh CI machine may have none configured.
  for (const [name, value] of [['GIT_AUTHOR_NAME', 'test'], ['GIT_AUTHOR_EMAIL', 'test@example.invalid'], ['GIT_COMMITTER_NAME', 'test'], ['GIT_COMMITTER_EMAIL', 'test@example.invalid']]) {
    process.env[name!] ??= value;
  }
  repo = mkdtempSync(path.join(os.tmpdir(), 'lab-publish-test-'));
  cpSync(fixture, path.join(repo, 'chapters', '02-tiny'), { recursive: true });
  mkdirSync(path.join(repo, 'chapters', '02-tiny', 'mutants'), { recursive: true });
  writeFileSync(path.join(repo, 'chapters', '02-tiny', 'mutants', 'x.patch'), 'Breaks: T1\n');
  writeFileSync(path.join(repo, 'README.md'), '# course\n');
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'course');
});

describe('publish', () => {
  it('builds a learner branch with stubs and suites but no solutions or mutants', () => {
    publish({ repoDir: repo });
    const files = git('ls-tree', '-r', '--name-only', 'learner').split('\n');
    expect(files).toContain('chapters/02-tiny/src/server.ts');
    expect(files).toContain('chapters/02-tiny/grading/tiny.test.ts');
    expect(files).toContain('README.md');
    expect(files.some((f) => f.includes('/solution/') || f.includes('/mutants/'))).toBe(false);
  });

  it('builds a solutions branch with the reference in place of the stubs', () => {
    const files = git('ls-tree', '-r', '--name-only', 'solutions').split('\n');
    expect(files.some((f) => f.includes('/solution/') || f.includes('/mutants/'))).toBe(false);
    const server = git('show', 'solutions:chapters/02-tiny/src/server.ts');
    expect(server).toBe(readFileSync(path.join(fixture, 'solution', 'server.ts'), 'utf8').trimEnd());
    expect(server).not.toContain('TODO(');
  });

  it('leaves the current branch and the work tree alone, and adds a commit only when something changed', () => {
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git('status', '--porcelain')).toBe('');
    const again = publish({ repoDir: repo });
    expect(again.learner.changed).toBe(false);
    writeFileSync(path.join(repo, 'chapters', '02-tiny', 'README.md'), '# Tiny, revised\n\n## T1 · Say hello\n\n## T2 · Say goodbye\n');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-am', 'revise');
    const next = publish({ repoDir: repo });
    expect(next.learner.changed).toBe(true);
    expect(git('rev-parse', 'learner^')).toBe(again.learner.commit);
  });
});
