// The mutation report from Stryker's JSON report (mutation-testing-report-schema) and the
// reviewed equivalents: counts, both scores, the survivors left to review, stale reviews.
import { describe, expect, it } from 'vitest';
import { parseEquivalents } from '../../src/mutation/equivalents.ts';
import { renderMarkdown, type RunFacts } from '../../src/mutation/render-markdown.ts';
import type { SchemaMutant, StrykerJsonReport } from '../../src/mutation/report-schema.ts';
import { readScores } from '../../src/mutation/scores.ts';
import { chapterRelative, sourceBetween, summarize } from '../../src/mutation/summarize.ts';

const source = ['export function half(n: number): number {', '  if (n < 0) throw new Error("negative | no");', '  return n / 2;', '}', ''].join('\n');

/** `line` is where the mutant starts, and ends unless `endLine` says otherwise. */
function mutant(id: string, status: SchemaMutant['status'], line: number, columns: [number, number], mutatorName: string, replacement: string, endLine = line): SchemaMutant {
  return { id, status, mutatorName, replacement, location: { start: { line, column: columns[0] }, end: { line: endLine, column: columns[1] } } };
}

const report: StrykerJsonReport = {
  schemaVersion: '2',
  files: {
    'chapters/01-demo/solution/half.ts': {
      language: 'typescript',
      source,
      mutants: [
        mutant('1', 'Killed', 3, [10, 15], 'ArithmeticOperator', 'n * 2'),
        mutant('2', 'Survived', 2, [7, 12], 'EqualityOperator', 'n <= 0'),
        mutant('3', 'Survived', 2, [30, 45], 'StringLiteral', '""'),
        mutant('4', 'Timeout', 2, [7, 12], 'ConditionalExpression', 'false'),
        mutant('5', 'NoCoverage', 1, [41, 2], 'BlockStatement', '{}', 4),
        mutant('6', 'CompileError', 3, [10, 15], 'ArithmeticOperator', 'n + 2'),
      ],
    },
  },
};

const equivalents = parseEquivalents(
  JSON.stringify({
    equivalents: [
      { file: 'solution/half.ts', line: 2, mutator: 'EqualityOperator', replacement: 'n <= 0', reason: 'half(0) is 0 either way' },
      { file: 'solution/half.ts', line: 9, mutator: 'StringLiteral', replacement: '"x"', reason: 'the code moved' },
    ],
  }),
  'mutation-equivalents.json',
);

const facts: RunFacts = {
  chapter: '01-demo',
  command: 'npm run mutation -- 01 --concurrency 2',
  testCommand: 'npm run grade -- 01 --solution --bail',
  finishedAt: '2026-12-01T16:00:00Z',
  durationMs: 754_000,
  concurrency: 2,
};

describe('the mutation summary', () => {
  const summary = summarize(report, '01-demo', equivalents);

  it('counts each status; errors count neither way', () => {
    expect(summary).toMatchObject({ total: 6, killed: 1, timedOut: 1, survived: 2, noCoverage: 1, errors: 1, ignored: 0 });
  });

  it('scores detected (killed, timed out) of those that ran, and again without the reviewed equivalents', () => {
    expect(summary.score).toBeCloseTo(2 / 5);
    expect(summary.nonEquivalentScore).toBeCloseTo(2 / 4);
  });

  it('leaves the unreviewed survivors and uncovered mutants to review, with the code they replaced', () => {
    expect(summary.unreviewed.map((m) => [m.file, m.line, m.mutator, m.original, m.replacement])).toEqual([
      ['solution/half.ts', 1, 'BlockStatement', '{ if (n < 0) throw new Error("negative | no"); return n / 2; }', '{}'],
      ['solution/half.ts', 2, 'StringLiteral', '"negative | no"', '""'],
    ]);
  });

  it('names a reviewed entry that matches no survivor as stale', () => {
    expect(summary.stale.map((e) => e.line)).toEqual([9]);
  });

  it('has no score without mutants', () => {
    expect(summarize({ schemaVersion: '2', files: {} }, '01-demo', []).score).toBeNull();
  });
});

describe('the markdown report', () => {
  const markdown = renderMarkdown(summarize(report, '01-demo', equivalents), facts);

  it('gives the counts, both scores against the goal, and how it was made', () => {
    expect(markdown).toContain('# Mutation testing: 01-demo');
    expect(markdown).toContain('| killed | 1 |');
    expect(markdown).toContain('| of the survivors: reviewed as equivalent | 1 |');
    expect(markdown).toContain('**Mutation score:** 40.0%');
    expect(markdown).toContain('**Score of non-equivalent mutants:** 50.0% (goal 90.0%: not met)');
    expect(markdown).toContain('`npm run mutation -- 01 --concurrency 2`');
    expect(markdown).toContain('after 12 min 34 s, 2 mutants at a time');
  });

  it('carries its numbers for other tools in a comment that reads back as they were', () => {
    expect(readScores(markdown)).toEqual({ total: 6, killed: 1, timedOut: 1, survived: 3, reviewed: 1, score: 2 / 5, nonEquivalentScore: 2 / 4, finishedAt: '2026-12-01T16:00:00Z' });
    expect(markdown.split('\n')[2]).toMatch(/^<!-- mutation-scores: \{.*\} -->$/);
  });

  it('reads no numbers from a report without them or with ones that are not scores', () => {
    expect(readScores('# Mutation testing: 01-demo\n')).toBeUndefined();
    expect(readScores(markdown.replace('"killed":1', '"killed":-1'))).toBeUndefined();
    expect(readScores(markdown.replace('"score":0.4', '"score":"40%"'))).toBeUndefined();
    expect(readScores(markdown.replace('"finishedAt"', '"finished"'))).toBeUndefined();
  });

  it('lists survivors in a table, pipes escaped', () => {
    expect(markdown).toContain('| solution/half.ts:2:30 | StringLiteral | `"negative \\| no"` | `""` | Survived |');
  });

  it('lists the equivalents with their reasons, and the stale entries', () => {
    expect(markdown).toContain('| solution/half.ts:2 | EqualityOperator | `n < 0` | `n <= 0` | half(0) is 0 either way |');
    expect(markdown).toMatch(/## Stale entries of mutation-equivalents\.json\n\n.*\n\n- solution\/half\.ts:9 StringLiteral → `"x"`\n/);
  });
});

describe('reading the report', () => {
  it('counts a "kill" by a grader that could not grade (exit 2) as an error, not a kill', () => {
    const voided = mutant('7', 'Killed', 3, [10, 15], 'ArithmeticOperator', 'n - 2');
    voided.statusReason = 'grading 01-demo (reference solution)...\ngrader: chapters/01-demo/grading/t1.test.ts was changed in this copy of the course while the grade ran';
    const failedTest = { ...mutant('8', 'Killed', 3, [10, 15], 'ArithmeticOperator', 'n % 2'), statusReason: '  ✘ T1  Say hello · 0/5' };
    const summary = summarize({ schemaVersion: '2', files: { 'chapters/01-demo/solution/half.ts': { language: 'typescript', source, mutants: [voided, failedTest] } } }, '01-demo', []);
    expect(summary).toMatchObject({ killed: 1, errors: 1, score: 1 });
  });


  it('makes file names relative to the chapter, from Stryker-relative or absolute names', () => {
    expect(chapterRelative('chapters/01-demo/solution/a.ts', '01-demo')).toBe('solution/a.ts');
    expect(chapterRelative('/work/course/chapters/01-demo/solution/sub/a.ts', '01-demo')).toBe('solution/sub/a.ts');
  });

  it('reads the source between 1-based positions on one line', () => {
    expect(sourceBetween('ab\ncd  \n  ef', { line: 2, column: 2 }, { line: 3, column: 5 })).toBe('d ef');
  });

  it('tells two mutants on one line apart by the column an entry gives, and matches any column without one', () => {
    const twins = [mutant('1', 'Survived', 2, [7, 12], 'ConditionalExpression', 'true'), mutant('2', 'Survived', 2, [30, 45], 'ConditionalExpression', 'true')];
    const file = { 'chapters/01-demo/solution/half.ts': { language: 'typescript', source, mutants: twins } };
    const entry = { file: 'solution/half.ts', line: 2, mutator: 'ConditionalExpression', replacement: 'true', reason: 'r' };
    const withColumn = summarize({ schemaVersion: '2', files: file }, '01-demo', parseEquivalents(JSON.stringify({ equivalents: [{ ...entry, column: 30 }, { ...entry, column: 99 }] }), 'e.json'));
    expect(withColumn.equivalent.map((e) => e.mutant.column)).toEqual([30]);
    expect(withColumn.unreviewed.map((m) => m.column)).toEqual([7]);
    expect(withColumn.stale.map((e) => e.column)).toEqual([99]);
    const anyColumn = summarize({ schemaVersion: '2', files: file }, '01-demo', parseEquivalents(JSON.stringify({ equivalents: [entry] }), 'e.json'));
    expect(anyColumn.equivalent).toHaveLength(2);
    expect(anyColumn.stale).toEqual([]);
    expect(() => parseEquivalents(JSON.stringify({ equivalents: [{ ...entry, column: '3' }] }), 'e.json')).toThrow(/entry 1: column must be a whole number/);
  });

  it('refuses an equivalent without a reason', () => {
    expect(() => parseEquivalents('{"equivalents":[{"file":"solution/a.ts","line":1,"mutator":"X","replacement":"y","reason":" "}]}', 'e.json')).toThrow(/entry 1 needs .* a non-empty reason/);
    expect(() => parseEquivalents('[]', 'e.json')).toThrow(/must be \{"equivalents": \[\.\.\.\]\}/);
  });
});
