// `--survivors`: grade again only the mutants that survived the last full run (after hidden
// tests were added for them), and fold the new verdicts into that run's report. A full run of a
// chapter takes most of an hour; this takes minutes.
import type { SchemaMutant, StrykerJsonReport } from './report-schema.ts';

const undetected = (m: SchemaMutant) => m.status === 'Survived' || m.status === 'NoCoverage';

/**
 * Stryker's mutate patterns that select each undetected mutant: "file:line:col-line:col", lines
 * 1-based and columns 0-based as Stryker reads them (the report's columns are 1-based). A range
 * selects the mutants inside it too, which are graded again as well.
 */
export function survivorPatterns(report: StrykerJsonReport): string[] {
  return Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants.filter(undetected).map(({ location: { start, end } }) => `${file}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`),
  );
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
