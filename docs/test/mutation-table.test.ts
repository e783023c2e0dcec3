// The for-instructors table of mutation scores: one row per chapter from its committed report,
// written where a page asks for it, and a sentence instead where no chapter has a report.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scoresComment, type MutationScores } from '@scaling-lab/grader/mutation-scores';
import { describe, expect, it } from 'vitest';
import { buildBook } from '../src/build-book.ts';
import { MUTATION_TABLE_MARKER, mutationTable, withMutationTable } from '../src/mutation-table.ts';
import { loadPages } from '../src/pages.ts';
import { FIXTURE, fixtureCopy } from './support/fixture.ts';

const chapters = loadPages(FIXTURE).flatMap((page) => (page.chapter ? [page.chapter] : []));
const scores: MutationScores = { total: 440, killed: 374, timedOut: 3, survived: 63, reviewed: 63, score: 377 / 440, nonEquivalentScore: 1, finishedAt: '2026-12-02T02:36:11Z' };

describe('the table of mutation scores', () => {
  it('has a row per chapter: counts, both scores, the report and its date; a chapter without a report says so', () => {
    const table = mutationTable(chapters, (dir) => (dir.endsWith('01-zeta') ? scores : undefined));
    expect(table.split('\n')).toEqual([
      '| Chapter | Mutants | Killed or timed out | Survived | Score | Non-equivalent score |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      '| [01 · Zeta comes first](/chapters/01-zeta) | 440 | 377 | 63 (63 reviewed) | 85.7% | 100.0% ([report](/chapters/01-zeta/mutation.md), 2026-12-02) |',
      '| [02 · Alpha comes second](/chapters/02-alpha) | not measured yet | | | | |',
    ]);
  });

  it('is one sentence when no chapter has a report, as on the learner branch', () => {
    expect(mutationTable(chapters, () => undefined)).toMatch(/^_This copy of the course carries no mutation reports/);
  });

  it('replaces only the marker, and leaves a page without it as it was', () => {
    expect(withMutationTable(`before\n\n${MUTATION_TABLE_MARKER}\n\nafter`, chapters, () => undefined)).toMatch(/^before\n\n_This copy.*_\n\nafter$/);
    expect(withMutationTable('no marker $& here', chapters, () => scores)).toBe('no marker $& here');
  });

  it('is built into the page from the reports in the chapter folders, with working links', () => {
    const fixture = fixtureCopy();
    try {
      writeFileSync(path.join(fixture.root, 'chapters/02-alpha/mutation.md'), `# Mutation testing: 02-alpha\n\n${scoresComment(scores)}\n`);
      appendFileSync(path.join(fixture.root, 'docs/pages/preface/01-welcome.md'), `\n## Scores\n\n${MUTATION_TABLE_MARKER}\n`);
      buildBook({ root: fixture.root, outDir: fixture.outDir });
      const html = readFileSync(path.join(fixture.outDir, 'index.html'), 'utf8');
      expect(html).toMatch(/<td[^>]*>440<\/td>/);
      expect(html).toContain('not measured yet');
      expect(html).toMatch(/<a href="[^"]*chapters\/02-alpha\/"[^>]*>02 · Alpha comes second<\/a>/);
      expect(html).not.toContain(MUTATION_TABLE_MARKER);
    } finally {
      fixture.cleanup();
    }
  });
});
