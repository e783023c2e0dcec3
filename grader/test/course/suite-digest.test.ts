import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChapter } from '../../src/course/chapters.ts';
import { chapterDigest, suitesManifest } from '../../src/runner/suite-digest.ts';
import { scratchFolders } from '../support/scratch.ts';

const freshFolder = scratchFolders('lab-digest-');

const fixtures = path.resolve(import.meta.dirname, '../fixtures/course/chapters');
const fixture = path.join(fixtures, '02-tiny');

function copyOfTiny(): string {
  const copy = path.join(freshFolder(), '02-tiny');
  cpSync(fixture, copy, { recursive: true, filter: (from) => !from.split(path.sep).includes('.lab') });
  return copy;
}

describe('chapterDigest', () => {
  it('is stable for the same files and changes when a hidden test is edited', () => {
    const copy = copyOfTiny();
    const before = chapterDigest(loadChapter(copy));
    expect(chapterDigest(loadChapter(copy))).toBe(before);
    writeFileSync(path.join(copy, 'grading', 'tiny.test.ts'), '// every test passes now\n');
    expect(chapterDigest(loadChapter(copy))).not.toBe(before);
  });

  it('does not change when only the learner code changes, nor with where the course is', () => {
    const copy = copyOfTiny();
    const before = chapterDigest(loadChapter(copy));
    writeFileSync(path.join(copy, 'src', 'server.ts'), '// my own work\n');
    expect(chapterDigest(loadChapter(copy))).toBe(before);
    expect(chapterDigest(loadChapter(fixture))).toBe(before);
  });

  it('is one per chapter: the same whichever chapters are listed with it', () => {
    const hostile = loadChapter(path.join(fixtures, '01-hostile'));
    const tiny = loadChapter(fixture);
    const together = suitesManifest([hostile, tiny]);
    expect(together).toEqual({ ...suitesManifest([hostile]), ...suitesManifest([tiny]) });
    expect(together['01-hostile']).not.toBe(together['02-tiny']);
  });
});
