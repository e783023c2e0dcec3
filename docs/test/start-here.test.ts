import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadChapter } from '@scaling-lab/grader/course';
import { describe, expect, it } from 'vitest';
import { chapterReadmes } from '../src/cli-start-here.ts';
import { END_LINE, startHereBlock, StartHereError, startHereWarning, withStartHere } from '../src/start-here.ts';
import { FIXTURE } from './support/fixture.ts';

const zeta = loadChapter(path.join(FIXTURE, 'chapters/01-zeta'));

describe('every chapter README of the course', () => {
  // Editing chapter.json (a task's title, points, lesson, the learner's files) without running
  // `npm run docs:start-here` fails here, so no README tells learners something stale.
  it.each(chapterReadmes().map((r) => [r.chapter.name, r] as const))('%s has a "Start here" block that matches its chapter.json', (_, readme) => {
    expect(readme.current.split('\n'), 'run `npm run docs:start-here` and commit the README').toEqual(readme.wanted.split('\n'));
  });

  it.each(chapterReadmes().map((r) => [r.chapter.name, r] as const))('%s has it near the top, before the first section and within 25 lines', (_, readme) => {
    const lines = readme.current.split('\n');
    const begin = lines.findIndex((line) => line.startsWith('<!-- start-here:begin'));
    const end = lines.indexOf(END_LINE);
    const firstSection = lines.findIndex((line) => /^##\s/.test(line));
    expect(begin).toBeGreaterThan(0);
    expect(end, 'the block ends before the first ## section').toBeLessThan(firstSection);
    expect(end - begin + 1, 'lines in the block').toBeLessThanOrEqual(30);
  });
});

describe('the "Start here" block', () => {
  it('names the files to edit, the entry point, the three commands and every task with its points, stretch marked, linked to its section', () => {
    const block = startHereBlock(zeta).join('\n');
    expect(block).toContain('`src/` (`main.ts`)');
    expect(block).toContain('starts at\n`src/main.ts`');
    expect(block).toContain('npm run check -- 01 ');
    expect(block).toContain('npm run grade -- 01 ');
    expect(block).toContain('npm run grade -- 01 --task T1');
    expect(block).toContain('- T1 · [Count the widgets](#t1-count-the-widgets) · 10 points\n');
    expect(block).toContain('- T2 · [Share the widgets](#t2-share-the-widgets) · 20 points · stretch\n');
  });

  it('groups files by folder and names several entry points', () => {
    const chapter = {
      ...zeta,
      meta: { ...zeta.meta, learnerFiles: ['edge/a.ts', 'app/b.ts', 'edge/c.ts'], entries: { main: 'app/main.ts', edge: 'edge/main.ts' } },
    };
    const block = startHereBlock(chapter).join(' ');
    expect(block).toContain('`src/edge/` (`a.ts`, `c.ts`), `src/app/` (`b.ts`)');
    expect(block).toContain('Entry points: `src/app/main.ts` (main), `src/edge/main.ts` (edge).');
  });

  it('is inserted after the first two paragraphs, and a list the second one introduces', () => {
    const readme = '# Title\n\nOne.\n\nTwo leads to:\n\n- a\n- b\n\n![figure](images/f.svg)\n\n## First section\n';
    const lines = withStartHere(readme, zeta).split('\n');
    const begin = lines.findIndex((line) => line.startsWith('<!-- start-here:begin'));
    expect(lines.slice(begin - 3, begin)).toEqual(['- a', '- b', '']);
    expect(lines.slice(lines.indexOf(END_LINE), lines.indexOf(END_LINE) + 3)).toEqual([END_LINE, '', '![figure](images/f.svg)']);
  });

  it('is rewritten in place, wherever an author moved it, and a current README is left as it is', () => {
    const moved = `# Title\n\nOne.\n\n## Section\n\n<!-- start-here:begin -->\nold words\n${END_LINE}\n\nAfter.\n`;
    const updated = withStartHere(moved, zeta);
    expect(updated).toBe(`# Title\n\nOne.\n\n## Section\n\n${startHereBlock(zeta).join('\n')}\n\nAfter.\n`);
    expect(withStartHere(updated, zeta)).toBe(updated);
  });

  it('refuses a README with a marker missing or doubled, rather than guessing', () => {
    expect(() => withStartHere('# T\n\n<!-- start-here:begin -->\nwords\n', zeta)).toThrow(StartHereError);
    expect(() => withStartHere(`# T\n\n<!-- start-here:begin -->\n${END_LINE}\n<!-- start-here:begin -->\n${END_LINE}\n`, zeta)).toThrow(/exactly one/);
  });

  it('makes the book’s build warn when it is stale, and stay quiet when it is current', () => {
    const readme = readFileSync(path.join(FIXTURE, 'chapters/01-zeta/README.md'), 'utf8');
    expect(startHereWarning(readme, zeta)).toBeUndefined();
    const renamed = { ...zeta, meta: { ...zeta.meta, tasks: zeta.meta.tasks.map((t) => ({ ...t, points: t.points + 1 })) } };
    expect(startHereWarning(readme, renamed)).toBe('chapters/01-zeta/README.md: its "Start here" block is missing or out of date with chapter.json; run `npm run docs:start-here`');
    expect(startHereWarning(readme.replace(END_LINE, ''), zeta)).toMatch(/needs exactly one/);
  });

  it('is current in the fixture course, as the generator wrote it', () => {
    expect(chapterReadmes(FIXTURE).map((r) => r.current === r.wanted)).toEqual([true, true]);
    expect(readFileSync(path.join(FIXTURE, 'chapters/01-zeta/README.md'), 'utf8')).toContain(startHereBlock(zeta).join('\n'));
  });
});
