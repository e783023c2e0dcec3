import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChapter } from '../../src/course/chapters.ts';
import { suitesDigest } from '../../src/runner/suite-digest.ts';

const fixture = path.resolve(import.meta.dirname, '../fixtures/course/chapters/02-tiny');

describe('suitesDigest', () => {
  it('is stable for the same files and changes when a hidden test is edited', () => {
    const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'lab-digest-')), '02-tiny');
    cpSync(fixture, copy, { recursive: true });
    const before = suitesDigest([loadChapter(copy)]);
    expect(suitesDigest([loadChapter(copy)])).toBe(before);
    writeFileSync(path.join(copy, 'grading', 'tiny.test.ts'), '// every test passes now\n');
    expect(suitesDigest([loadChapter(copy)])).not.toBe(before);
  });

  it('does not change when only the learner code changes', () => {
    const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'lab-digest-')), '02-tiny');
    cpSync(fixture, copy, { recursive: true });
    const before = suitesDigest([loadChapter(copy)]);
    writeFileSync(path.join(copy, 'src', 'server.ts'), '// my own work\n');
    expect(suitesDigest([loadChapter(copy)])).toBe(before);
  });
});
