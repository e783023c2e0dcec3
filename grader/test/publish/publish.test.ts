// Publishing builds the learner and solutions branches from a commit, without touching the
// work tree; each edition reads as its reader's repository.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Published, publish } from '../../src/publish/publish.ts';
import { type CourseRepo, makeCourseRepo, tinyChapter } from './course-repo.ts';

let repo: CourseRepo;
let first: Published;
const show = (spec: string) => repo.git('show', spec);
const files = (branch: string) => repo.git('ls-tree', '-r', '--name-only', branch).split('\n');

beforeAll(async () => {
  repo = makeCourseRepo();
  first = await publish({ repoDir: repo.dir });
});

afterAll(() => repo.remove());

describe('publish', () => {
  it('builds a learner branch with stubs and suites but no solutions or mutants', () => {
    expect(files('learner')).toContain('chapters/02-tiny/src/server.ts');
    expect(files('learner')).toContain('chapters/02-tiny/grading/tiny.test.ts');
    expect(files('learner').some((f) => f.includes('/solution/') || f.includes('/mutants/'))).toBe(false);
  });

  it('builds a solutions branch with the reference in place of the stubs', () => {
    expect(files('solutions').some((f) => f.includes('/solution/') || f.includes('/mutants/'))).toBe(false);
    const server = show('solutions:chapters/02-tiny/src/server.ts');
    expect(server).toBe(readFileSync(path.join(tinyChapter, 'solution', 'server.ts'), 'utf8').trimEnd());
    expect(server).not.toContain('TODO(');
  });

  it('leaves the current branch and the work tree alone, and adds a commit only when something changed', async () => {
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(repo.git('status', '--porcelain')).toBe('');
    const again = await publish({ repoDir: repo.dir });
    expect(again.learner.changed).toBe(false);
    expect(again.learner.commit).toBe(first.learner.commit);
    repo.write('chapters/02-tiny/README.md', '# Tiny, revised\n\n## T1 · Say hello\n\n## T2 · Say goodbye\n');
    repo.commit('revise');
    const next = await publish({ repoDir: repo.dir });
    expect(next.learner.changed).toBe(true);
    expect(repo.git('rev-parse', 'learner^')).toBe(again.learner.commit);
  });
});

describe('the learner edition reads as a learner repository', () => {
  it('has a learner README with the chapter list from chapter.json and no instructor commands', () => {
    const readme = show('learner:README.md');
    expect(readme).toContain('| [02 · A tiny chapter](chapters/02-tiny/README.md) | One task: answer GET /hello with a greeting. | 2 | 8 |');
    for (const instructorOnly of ['npm run verify', 'publish:branches', '--solution', 'npm run classroom', 'instructors']) {
      expect(readme).not.toContain(instructorOnly);
    }
    expect(readme).not.toContain('{{');
  });

  it('has no script that needs solution/ or mutants/, and npm test runs the learner checks', () => {
    const root = JSON.parse(show('learner:package.json'));
    expect(root.scripts.verify).toBeUndefined();
    expect(root.scripts.mutation).toBeUndefined();
    expect(root.scripts['publish:branches']).toBeUndefined();
    expect(root.scripts.classroom).toBeUndefined(); // an instructor's tool
    // The mutation report quotes the reference code.
    expect(files('learner').filter((f) => /\/mutation(-equivalents)?\.(md|json)$/.test(f))).toEqual([]);
    expect(root.scripts.test).toBe('npm run typecheck && npm run check -- --all');
    expect(root.scripts.grade).toBe('lab-grade grade');
    expect(root.scalingLab).toEqual({ edition: 'learner' });
    expect(files('learner')).not.toContain('.ci/run'); // the author's CI runs the author's checks
    for (const manifest of files('learner').filter((f) => f.endsWith('package.json') && !f.startsWith('grader/'))) {
      const scripts = Object.values(JSON.parse(show(`learner:${manifest}`)).scripts ?? {}) as string[];
      expect(scripts.filter((s) => /lab-verify|lab-publish/.test(s)), manifest).toEqual([]);
    }
  });

  it('marks the solutions edition as such, in its README and its package.json', () => {
    expect(show('solutions:README.md')).toContain('**solutions edition**');
    expect(show('solutions:README.md')).toContain('[02 · A tiny chapter]');
    const root = JSON.parse(show('solutions:package.json'));
    expect(root.scalingLab).toEqual({ edition: 'solutions' });
    expect(root.scripts.verify).toBeUndefined();
    expect(root.scripts.classroom).toBe('lab-grade classroom');
    expect(JSON.parse(show('solutions:chapters/02-tiny/package.json')).scripts).toEqual({});
  });
});

describe('the learner edition carries a GitHub Classroom workflow', () => {
  it('grades every chapter pinned to the published digest and reports one runner per task', () => {
    const workflow = show('learner:.github/workflows/classroom.yml');
    expect(workflow).toContain('name: Autograding Tests');
    expect(workflow).toContain('run: npm ci');
    expect(workflow).toContain(`<<'MANIFEST'\n          ${JSON.stringify({ schema: 'scaling-lab/suites-manifest', version: 1, chapters: first.digests })}\n          MANIFEST\n`);
    expect(workflow).toContain('npm run --silent grade -- --all --expect-suites "$RUNNER_TEMP/suites-manifest.json" --json > grade-report.json');
    expect(workflow).toContain('node --import tsx grader/src/publish/classroom-report-cli.ts grade-report.json >> "$GITHUB_ENV"');
    expect(workflow).toContain('uses: classroom-resources/autograding-grading-reporter@v1');
    expect(workflow).toContain('runners: ch02t1,ch02t2');
    expect(files('solutions')).not.toContain('.github/workflows/classroom.yml');
  });

  it('pins the chapter digests the course grader computes on the same suites and grader', async () => {
    // Publishing leaves the digests' files as they are: the source checkout's own grader agrees.
    const module = (file: string) => pathToFileURL(path.join(repo.dir, 'grader/src', file)).href;
    const { listChapters } = await import(module('course/chapters.ts'));
    const { suitesManifest } = await import(module('runner/suite-digest.ts'));
    expect(Object.keys(first.digests)).toEqual(['02-tiny']);
    expect(first.digests['02-tiny']).toMatch(/^[0-9a-f]{64}$/);
    expect(suitesManifest(listChapters(repo.dir))).toEqual(first.digests);
  });
});
