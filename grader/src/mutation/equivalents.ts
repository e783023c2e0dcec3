// A chapter's reviewed equivalent mutants (chapters/NN-*/mutation-equivalents.json): survivors
// that no test can kill because they do not change what the program does, each with the
// one-line reason a reviewer gave. The report leaves them out of the "non-equivalent" score.
import { existsSync, readFileSync } from 'node:fs';
import { SetupError } from '../errors.ts';

export const EQUIVALENTS_FILE = 'mutation-equivalents.json';

/** A mutant is named by where it is and what it does, as the report's survivor table shows it. */
export interface Equivalent {
  /** Relative to the chapter folder: "solution/store.ts". */
  file: string;
  line: number;
  /** Only needed when one line has two mutants with the same mutator and replacement. */
  column?: number;
  mutator: string;
  replacement: string;
  reason: string;
}

export function parseEquivalents(text: string, file: string): Equivalent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SetupError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const list = (parsed as { equivalents?: unknown })?.equivalents;
  if (!Array.isArray(list)) throw new SetupError(`${file} must be {"equivalents": [...]}`);
  return list.map((entry, i) => {
    const e = entry as Partial<Equivalent>;
    const ok = typeof e.file === 'string' && Number.isInteger(e.line) && typeof e.mutator === 'string' && typeof e.replacement === 'string' && typeof e.reason === 'string' && e.reason.trim() !== '';
    if (!ok) throw new SetupError(`${file}: entry ${i + 1} needs file, line, mutator, replacement and a non-empty reason`);
    if (e.column !== undefined && !(Number.isInteger(e.column) && e.column >= 1)) throw new SetupError(`${file}: entry ${i + 1}: column must be a whole number from 1 (or left out)`);
    const equivalent: Equivalent = { file: e.file!, line: e.line!, mutator: e.mutator!, replacement: e.replacement!, reason: e.reason!.trim() };
    if (e.column !== undefined) equivalent.column = e.column;
    return equivalent;
  });
}

/** The chapter's equivalents; none when the file does not exist yet. */
export function readEquivalents(file: string): Equivalent[] {
  return existsSync(file) ? parseEquivalents(readFileSync(file, 'utf8'), file) : [];
}

export function equivalentKey(e: Pick<Equivalent, 'file' | 'line' | 'mutator' | 'replacement'>): string {
  return JSON.stringify([e.file, e.line, e.mutator, e.replacement]);
}

/** Whether a review entry names this mutant: the same place and change, and the same column when it gives one. */
export function namesMutant(e: Equivalent, mutant: Pick<Equivalent, 'file' | 'line' | 'mutator' | 'replacement'> & { column: number }): boolean {
  return equivalentKey(e) === equivalentKey(mutant) && (e.column === undefined || e.column === mutant.column);
}
