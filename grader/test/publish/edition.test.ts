// The edition mark the publisher writes into package.json, as a tool (the grader) reads it back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEdition } from '../../src/publish/edition.ts';
import { publish } from '../../src/publish/publish.ts';
import { makeCourseRepo } from './course-repo.ts';

describe('readEdition', () => {
  it('reads the mark of each published edition, and "author" where there is none', async () => {
    const repo = makeCourseRepo();
    await publish({ repoDir: repo.dir });
    expect(readEdition(repo.dir)).toBe('author');
    for (const edition of ['learner', 'solutions'] as const) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-edition-'));
      writeFileSync(path.join(dir, 'package.json'), repo.git('show', `${edition}:package.json`));
      expect(readEdition(dir)).toBe(edition);
      rmSync(dir, { recursive: true });
    }
    repo.remove();
  });

  it('treats a missing or broken package.json as the author copy', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-edition-'));
    expect(readEdition(dir)).toBe('author');
    writeFileSync(path.join(dir, 'package.json'), '{ not json');
    expect(readEdition(dir)).toBe('author');
    rmSync(dir, { recursive: true });
  });
});
