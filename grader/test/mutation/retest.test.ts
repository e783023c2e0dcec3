// --survivors: which mutants to grade again, and how their new verdicts replace the old ones.
import { describe, expect, it } from 'vitest';
import type { SchemaMutant, StrykerJsonReport } from '../../src/mutation/report-schema.ts';
import { mergeRetest, reviewedIn, survivorPatterns } from '../../src/mutation/retest.ts';
import { summarize } from '../../src/mutation/summarize.ts';

const at = (line: number, column: number, endLine: number, endColumn: number) => ({ start: { line, column }, end: { line: endLine, column: endColumn } });

function report(mutants: Record<string, SchemaMutant[]>): StrykerJsonReport {
  return { schemaVersion: '2', files: Object.fromEntries(Object.entries(mutants).map(([file, list]) => [file, { language: 'typescript', source: 'x', mutants: list }])) };
}

const full = report({
  'chapters/01-demo/solution/a.ts': [
    { id: '1', mutatorName: 'StringLiteral', replacement: '""', location: at(3, 5, 3, 10), status: 'Survived' },
    { id: '2', mutatorName: 'BooleanLiteral', replacement: 'false', location: at(4, 1, 4, 5), status: 'Killed' },
    { id: '3', mutatorName: 'BlockStatement', replacement: '{}', location: at(6, 20, 9, 2), status: 'NoCoverage' },
  ],
});

describe('grading the survivors again', () => {
  it("selects each survivor by its range, columns made 0-based as Stryker's mutate patterns read them", () => {
    expect(survivorPatterns(full)).toEqual(['chapters/01-demo/solution/a.ts:3:4-3:9', 'chapters/01-demo/solution/a.ts:6:19-9:1']);
  });

  it('leaves out the survivors the review explained, matched by place and change', () => {
    const summary = summarize(full, '01-demo', [{ file: 'solution/a.ts', line: 3, mutator: 'StringLiteral', replacement: '""', reason: 'log text' }]);
    expect(survivorPatterns(full, reviewedIn(summary, '01-demo'))).toEqual(['chapters/01-demo/solution/a.ts:6:19-9:1']);
    // The same place with another change is still graded again.
    const other = summarize(full, '01-demo', [{ file: 'solution/a.ts', line: 3, mutator: 'StringLiteral', replacement: '"x"', reason: 'log text' }]);
    expect(survivorPatterns(full, reviewedIn(other, '01-demo'))).toHaveLength(2);
  });

  it('replaces the verdicts of the mutants graded again, and keeps the others', () => {
    const retest = report({
      'chapters/01-demo/solution/a.ts': [
        { id: '1', mutatorName: 'StringLiteral', replacement: '""', location: at(3, 5, 3, 10), status: 'Killed', statusReason: 'T4 failed' },
        { id: '2', mutatorName: 'BlockStatement', replacement: '{}', location: at(6, 20, 9, 2), status: 'Survived' },
      ],
    });
    const merged = mergeRetest(full, retest);
    expect(merged.files['chapters/01-demo/solution/a.ts']!.mutants.map((m) => [m.id, m.status])).toEqual([['1', 'Killed'], ['2', 'Killed'], ['3', 'Survived']]);
  });
});
