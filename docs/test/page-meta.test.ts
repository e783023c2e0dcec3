import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/build-book.ts';
import { lastCommitDates } from '../src/page-meta.ts';
import { fixtureCopy } from './support/fixture.ts';

const EDIT = 'https://github.com/acme/scaling-lab/edit/main/';
const FOOTER = /<footer class="page-meta">.*?<\/footer>/;

describe('"Last updated" and "Edit this page" under each page', () => {
  const fixture = fixtureCopy();
  const read = (file: string) => readFileSync(path.join(fixture.outDir, file), 'utf8');
  const build = (editUrl?: string) => buildBook({ root: fixture.root, outDir: fixture.outDir, editUrl });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: fixture.root,
      env: { ...process.env, GIT_COMMITTER_DATE: '2026-03-04T12:00:00Z', GIT_AUTHOR_DATE: '2026-03-04T12:00:00Z' },
      stdio: 'ignore',
    });
  afterAll(() => fixture.cleanup());

  it('shows neither outside git and without BOOK_EDIT_URL', () => {
    expect(lastCommitDates(fixture.root, ['docs/pages/concepts/01-why.md'])).toEqual(new Map());
    build();
    expect(read('concepts/why/index.html')).not.toMatch(FOOTER);
    expect(read('chapters/01-zeta/index.html')).not.toContain('Edit this page');
  });

  describe('in a git repository', () => {
    beforeAll(() => {
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'fixture');
      writeFileSync(path.join(fixture.root, 'docs/pages/concepts/03-new.md'), '# New page\n\nNot committed yet.\n');
    });

    it('reads the last commit date of committed files only, in one git call', () => {
      const dates = lastCommitDates(fixture.root, ['docs/pages/concepts/01-why.md', 'chapters/01-zeta/README.md', 'docs/pages/concepts/03-new.md']);
      expect(dates).toEqual(new Map([['docs/pages/concepts/01-why.md', '2026-03-04'], ['chapters/01-zeta/README.md', '2026-03-04']]));
    });

    it('dates a committed page, not an uncommitted one, and links to edit each when configured', () => {
      build(EDIT);
      expect(read('concepts/why/index.html').match(FOOTER)?.[0]).toBe(
        `<footer class="page-meta"><span class="page-updated">Last updated <time datetime="2026-03-04">2026-03-04</time></span> · <a class="page-edit" href="${EDIT}docs/pages/concepts/01-why.md">Edit this page</a></footer>`,
      );
      expect(read('chapters/01-zeta/index.html')).toContain(`<a class="page-edit" href="${EDIT}chapters/01-zeta/README.md">Edit this page</a>`);
      const fresh = read('concepts/new/index.html');
      expect(fresh).toContain(`href="${EDIT}docs/pages/concepts/03-new.md"`);
      expect(fresh).not.toContain('Last updated');
      expect(read('print/index.html')).not.toMatch(FOOTER);
    });

    it('keeps the date but drops the link without an edit URL', () => {
      build();
      const page = read('concepts/why/index.html');
      expect(page).toContain('Last updated <time datetime="2026-03-04">2026-03-04</time>');
      expect(page).not.toContain('Edit this page');
    });
  });
});
