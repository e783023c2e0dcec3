// `--survivors`: grade again only the mutants that survived the last full run (after hidden
// tests were added for them), and fold the new verdicts into that run's report. A full run of a
// chapter takes most of an hour; this takes minutes.
import type { SchemaMutant, StrykerJsonReport } from './report-schema.ts';
import { chapterRelative, type MutationSummary, oneLine } from './summarize.ts';

const undetected = (m: SchemaMutant) => m.status === 'Survived' || m.status === 'NoCoverage';

/**
 * Stryker's mutate patterns that select each undetected mutant: "file:line:col-line:col", lines
 * 1-based and columns 0-based as Stryker reads them (the report's columns are 1-based). A range
 * selects the mutants inside it too, which are graded again as well. Survivors the review
 * already explained (`reviewed`) are left out: no new test is meant to kill them, and grading
 * one again costs a whole run of the suite.
 */
export function survivorPatterns(report: StrykerJsonReport, reviewed: (file: string, mutant: SchemaMutant) => boolean = () => false): string[] {
  return Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants
      .filter((m) => undetected(m) && !reviewed(file, m))
      .map(({ location: { start, end } }) => `${file}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`),
  );
}

/** Whether the review explained this mutant: one of the summary's equivalents, by place and change. */
export function reviewedIn(summary: MutationSummary, chapterName: string): (file: string, mutant: SchemaMutant) => boolean {
  const key = (file: string, line: number, column: number, mutator: string, replacement: string) => JSON.stringify([file, line, column, mutator, replacement]);
  const reviewed = new Set(summary.equivalent.map(({ mutant: m }) => key(m.file, m.line, m.column, m.mutator, m.replacement)));
  return (file, m) => reviewed.has(key(chapterRelative(file, chapterName), m.location.start.line, m.location.start.column, m.mutatorName, oneLine(m.replacement ?? '')));
}

const identity = (file: string, m: SchemaMutant) => JSON.stringify([file, m.location, m.mutatorName, m.replacement]);

/** The last full run with the verdicts of the re-test in place of the old ones. */
export function mergeRetest(full: StrykerJsonReport, retest: StrykerJsonReport): StrykerJsonReport {
  const verdicts = new Map(Object.entries(retest.files).flatMap(([file, { mutants }]) => mutants.map((m) => [identity(file, m), m] as const)));
  const files = Object.fromEntries(
    Object.entries(full.files).map(([file, content]) => [
      file,
      { ...content, mutants: content.mutants.map((m) => {
        const again = verdicts.get(identity(file, m));
        return again ? { ...m, status: again.status, statusReason: again.statusReason } : m;
      }) },
    ]),
  );
  return { ...full, files };
}
