// The grader's command line. Unknown flags and missing values are usage errors (exit 2),
// reported in one line with what to type instead.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';

export interface GradeArgs {
  command: 'grade' | 'check';
  chapters: string[];
  all: boolean;
  solution: boolean;
  json: boolean;
  junit?: string;
  seed?: number;
  /** Refuse to grade unless the suites and grader match this fingerprint. */
  expectSuites?: string;
  color?: boolean;
  verbose: boolean;
}

export type CliArgs = GradeArgs | { command: 'help' };

export const USAGE = `Usage:
  npm run grade -- <chapter...> [options]   grade chapters (01, 1, single-server, 01-single-server)
  npm run grade -- --all [options]          grade every chapter
  npm run check -- <chapter>                run a chapter's visible starter tests

Options:
  --solution        grade the reference solution instead of your src/ (instructors)
  --json            print a machine-readable report (schema scaling-lab/grade-report v1)
  --junit <file>    also write a JUnit XML report (classroom CI)
  --seed <n>        replay the random inputs of an earlier run
  --expect-suites <digest>
                    refuse to grade (exit 2) unless the hidden suites and the grader match
                    this fingerprint (the "suitesDigest" of a --json report of the published course)
  --verbose         show passing tests too
  --no-color        plain output (also when NO_COLOR is set or output is not a terminal)

Exit codes: 0 every graded task passed, 1 some failed, 2 the grader could not run.`;

export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        all: { type: 'boolean', default: false },
        solution: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        junit: { type: 'string' },
        seed: { type: 'string' },
        'expect-suites': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), 'Run "npm run grade -- --help" for the options.');
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [first, ...rest] = positionals;
  const command = first === 'grade' || first === 'check' ? first : undefined;
  if (!command) throw new UsageError(`unknown command "${first ?? ''}"`, 'Use "grade" or "check".');
  if (values.all && rest.length > 0) throw new UsageError('give chapters or --all, not both');
  if (!values.all && rest.length === 0) throw new UsageError('which chapter?', `Try "npm run ${command} -- 01"${command === 'grade' ? ' or --all' : ''}.`);
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^\d{1,10}$/.test(values.seed)) throw new UsageError(`--seed must be a whole number, got "${values.seed}"`);
    seed = Number(values.seed);
  }
  if (values.junit === '') throw new UsageError('--junit needs a file name');
  const expectSuites = values['expect-suites'];
  if (expectSuites !== undefined && !/^[0-9a-f]{64}$/.test(expectSuites)) {
    throw new UsageError('--expect-suites takes the 64-character hex "suitesDigest" of a --json report');
  }
  const color = values['no-color'] ? false : values.color;
  return {
    command,
    chapters: rest,
    all: values.all,
    solution: values.solution,
    json: values.json,
    junit: values.junit,
    seed,
    expectSuites,
    color,
    verbose: values.verbose,
  };
}
