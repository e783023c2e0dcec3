// `npm run docs:start-here`: rewrites the "Start here" block of every chapter README from its
// chapter.json (see start-here.ts). `--check` changes nothing and exits 1 when a block is out of
// date, for CI; docs/test/start-here.test.ts makes the same check part of `npm test`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Chapter, chapterDirs, courseRoot, loadChapter } from '@scaling-lab/grader/course';
import { withStartHere } from './start-here.ts';

export interface ChapterReadme {
  chapter: Chapter;
  file: string;
  current: string;
  wanted: string;
}

/** Every chapter with both a chapter.json and a README.md (a chapter being started has neither yet). */
export function chapterReadmes(root = courseRoot()): ChapterReadme[] {
  return chapterDirs(root)
    .filter((dir) => existsSync(path.join(dir, 'chapter.json')) && existsSync(path.join(dir, 'README.md')))
    .map((dir) => {
      const chapter = loadChapter(dir);
      const file = path.join(dir, 'README.md');
      const current = readFileSync(file, 'utf8');
      return { chapter, file, current, wanted: withStartHere(current, chapter) };
    });
}

function main(): void {
  const check = process.argv.includes('--check');
  const stale = chapterReadmes().filter((r) => r.current !== r.wanted);
  for (const readme of stale) {
    const name = path.relative(courseRoot(), readme.file);
    if (check) console.error(`${name}: its "Start here" block is out of date with chapter.json`);
    else {
      writeFileSync(readme.file, readme.wanted);
      console.log(`updated ${name}`);
    }
  }
  if (check && stale.length > 0) {
    console.error('Run `npm run docs:start-here` and commit the READMEs.');
    process.exit(1);
  }
  if (stale.length === 0) console.log('Every chapter README\'s "Start here" block is up to date.');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
