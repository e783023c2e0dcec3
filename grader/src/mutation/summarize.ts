// Counts and scores of one Stryker run over a chapter's reference solution, with the reviewed
// equivalents taken out of the survivors. Pure: the report and the review in, numbers out.
import { type Equivalent, namesMutant } from './equivalents.ts';
import type { SchemaMutant, StrykerJsonReport } from './report-schema.ts';

export interface Mutant {
  /** Relative to the chapter folder: "solution/store.ts". */
  file: string;
  line: number;
  column: number;
  mutator: string;
  /** The code that was replaced, on one line. */
  original: string;
  replacement: string;
  status: SchemaMutant['status'];
}

export interface MutationSummary {
  total: number;
  killed: number;
  timedOut: number;
  survived: number;
  noCoverage: number;
  /** Compile and runtime errors: the mutant never ran, so it counts neither way. */
  errors: number;
  ignored: number;
  /** Survivors (or uncovered) that the review marked equivalent, each with its reason. */
  equivalent: { mutant: Mutant; reason: string }[];
  /** Survivors (or uncovered) not reviewed: each needs a test that kills it, or a reason. */
  unreviewed: Mutant[];
  /** Reviewed entries that match no surviving mutant any more (killed now, or the code moved). */
  stale: Equivalent[];
  /** Detected / (detected + survived + no coverage), Stryker's mutation score; null without mutants. */
  score: number | null;
  /** The same, with the reviewed equivalents left out of the denominator. */
  nonEquivalentScore: number | null;
}

/** "chapters/01-x/solution/a.ts" (or an absolute path) -> "solution/a.ts", given the chapter's folder name. */
export function chapterRelative(file: string, chapterName: string): string {
  const normal = file.replaceAll('\\', '/');
  const marker = `chapters/${chapterName}/`;
  const at = normal.lastIndexOf(marker);
  return at === -1 ? normal : normal.slice(at + marker.length);
}

/** The source text between two 1-based positions, whitespace runs folded to one space. */
export function sourceBetween(source: string, start: { line: number; column: number }, end: { line: number; column: number }): string {
  const lines = source.split('\n');
  const offset = (p: { line: number; column: number }) => lines.slice(0, p.line - 1).reduce((sum, l) => sum + l.length + 1, 0) + p.column - 1;
  return oneLine(source.slice(offset(start), offset(end)));
}

export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * The grader's reason when it could not grade at all (exit 2: "grader: ..."), for instance a
 * suite edited during the run. Stryker's command runner counts any failing exit as a kill; such
 * a mutant was never graded, so it counts as an error instead.
 */
const NOT_GRADED = /^grader: /m;

function statusOf(m: SchemaMutant): SchemaMutant['status'] {
  return m.status === 'Killed' && NOT_GRADED.test(m.statusReason ?? '') ? 'RuntimeError' : m.status;
}

function ratio(detected: number, valid: number): number | null {
  return valid === 0 ? null : detected / valid;
}

export function listMutants(report: StrykerJsonReport, chapterName: string): Mutant[] {
  return Object.entries(report.files)
    .flatMap(([name, file]) =>
      file.mutants.map((m): Mutant => ({
        file: chapterRelative(name, chapterName),
        line: m.location.start.line,
        column: m.location.start.column,
        mutator: m.mutatorName,
        original: sourceBetween(file.source, m.location.start, m.location.end),
        replacement: oneLine(m.replacement ?? ''),
        status: statusOf(m),
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

export function summarize(report: StrykerJsonReport, chapterName: string, equivalents: readonly Equivalent[]): MutationSummary {
  const mutants = listMutants(report, chapterName);
  const count = (...statuses: Mutant['status'][]) => mutants.filter((m) => statuses.includes(m.status)).length;
  const entries = equivalents.map((e) => ({ ...e, replacement: oneLine(e.replacement) }));
  const undetected = mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
  const used = new Set<number>();
  const equivalent = undetected.flatMap((mutant) => {
    const index = entries.findIndex((e) => namesMutant(e, mutant));
    if (index === -1) return [];
    used.add(index);
    return [{ mutant, reason: entries[index]!.reason }];
  });
  const matched = new Set(equivalent.map((e) => e.mutant));
  const detected = count('Killed', 'Timeout');
  const valid = detected + undetected.length;
  return {
    total: mutants.length,
    killed: count('Killed'),
    timedOut: count('Timeout'),
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    errors: count('CompileError', 'RuntimeError'),
    ignored: count('Ignored', 'Pending'),
    equivalent,
    unreviewed: undetected.filter((m) => !matched.has(m)),
    stale: equivalents.filter((_, i) => !used.has(i)),
    score: ratio(detected, valid),
    nonEquivalentScore: ratio(detected, valid - equivalent.length),
  };
}
