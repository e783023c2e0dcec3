// The grader's command line. Unknown flags and missing values are usage errors (exit 2),
// reported in one line with what to type instead.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';

export interface GradeArgs {
  command: 'grade' | 'check';
  chapters: string[];
  all: boolean;
  solution: boolean;
  json: boolean;
  junit?: string;
  seed?: number;
  /** Refuse to grade unless each chapter's suites and the grader match: a manifest file, or one chapter's digest. */
  expectSuites?: string;
  color?: boolean;
  verbose: boolean;
  /** Grade only these tasks (ids such as "T3"); empty means every task. */
  tasks: string[];
  /** Grade the learner files of another copy of the course (a folder or a git URL). */
  code?: string;
  /** Grade again on every save of a learner file. */
  watch: boolean;
  /** Stop at the first failing test: only the exit code counts (mutation testing). */
  bail: boolean;
}

export type CliArgs = GradeArgs | { command: 'help' } | { command: 'status' };

export const USAGE = `Usage:
  npm run grade -- <chapter...> [options]   grade chapters (01, 1, single-server, 01-single-server)
  npm run grade -- --all [options]          grade every chapter
  npm run check -- <chapter>                run a chapter's visible starter tests
  npm run grade -- status                   your progress: every chapter, and the next task
  npm run classroom -- <copies...>          grade many learner copies into a gradebook (instructors;
                                            npm run classroom -- --help)

Options:
  --solution        grade the reference solution instead of your src/ (instructors)
  --code <folder or git URL>
                    grade only the learner files of another copy of the course, with this
                    copy's hidden suites and grader (instructors)
  --json            print a machine-readable report (schema scaling-lab/grade-report v2)
  --junit <file>    also write a JUnit XML report (classroom CI)
  --watch           grade again on every save of a learner file (Ctrl-C stops)
  --task <Tn>       grade only this task (repeat the flag, or T1,T3, for several)
  --seed <n>        replay the random inputs of an earlier run
  --expect-suites <manifest file or digest>
                    refuse to grade (exit 2) unless each graded chapter's hidden suite and the
                    grader match the fingerprint pinned for that chapter: the suites-manifest.json
                    published with the course (or the --json report of a grade of the published
                    course), or, for one chapter, its "suitesDigest"
  --bail            stop at the first failing test: exit code 1 says that one failed, but tasks
                    not reached are not graded (authors: \`npm run mutation\` uses it)
  --verbose         show passing tests too
  --no-color        plain output (also when NO_COLOR is set or output is not a terminal)

Exit codes: 0 every graded task passed, 1 some failed, 2 the grader could not run.`;

/**
 * node:util parseArgs, strict, with positionals; a bad flag or a missing value is a UsageError
 * that points at `help` (the command to run for the options).
 */
export function parseOptions<const T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, help: string) {
  try {
    return parseArgs({ args: argv, allowPositionals: true as const, strict: true as const, options });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), `Run "${help}" for the options.`);
  }
}

export function parseCli(argv: string[]): CliArgs {
  const parsed = parseOptions(
    argv,
    {
        all: { type: 'boolean', default: false },
        solution: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        junit: { type: 'string' },
        seed: { type: 'string' },
        task: { type: 'string', multiple: true },
        'expect-suites': { type: 'string' },
        code: { type: 'string' },
        watch: { type: 'boolean', default: false },
        bail: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h', default: false },
    },
    'npm run grade -- --help',
  );
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [first, ...rest] = positionals;
  const command = first === 'grade' || first === 'check' ? first : undefined;
  if (!command) throw new UsageError(`unknown command "${first ?? ''}"`, 'Use "grade" or "check".');
  if (command === 'grade' && rest[0] === 'status') {
    const extra = rest.length > 1 || argv.some((arg) => arg.startsWith('-'));
    if (extra) throw new UsageError('"status" takes no chapters or options', 'Run "npm run grade -- status".');
    return { command: 'status' };
  }
  if (values.all && rest.length > 0) throw new UsageError('give chapters or --all, not both');
  if (!values.all && rest.length === 0) throw new UsageError('which chapter?', `Try "npm run ${command} -- 01"${command === 'grade' ? ' or --all' : ''}.`);
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^\d{1,10}$/.test(values.seed)) throw new UsageError(`--seed must be a whole number, got "${values.seed}"`);
    seed = Number(values.seed);
  }
  if (values.junit === '') throw new UsageError('--junit needs a file name');
  const expectSuites = values['expect-suites'];
  if (expectSuites !== undefined && expectSuites.trim() === '') {
    throw new UsageError('--expect-suites needs a manifest file (suites-manifest.json) or a chapter\'s 64-character "suitesDigest"');
  }
  if (expectSuites !== undefined && command === 'check') throw new UsageError('--expect-suites pins the hidden suites: use it with "grade"');
  const tasks = parseTaskIds(values.task ?? []);
  if (values.watch && (values.json || values.junit !== undefined || values.code !== undefined)) {
    throw new UsageError('--watch is for reading in a terminal: not with --json, --junit or --code');
  }
  if (values.bail && (values.watch || values.junit !== undefined)) throw new UsageError('--bail leaves tasks ungraded: not with --watch or --junit');
  if (values.code !== undefined) {
    if (values.code.trim() === '') throw new UsageError('--code needs a folder or a git URL');
    if (values.solution) throw new UsageError('give --solution or --code, not both');
    if (command === 'check') throw new UsageError('--code grades with the hidden suites: use it with "grade"', 'Run "npm run grade -- <chapter> --code <folder or git URL>".');
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
    tasks,
    code: values.code,
    watch: values.watch,
    bail: values.bail,
  };
}

/** "--task T1 --task t3,T4" -> ["T1", "T3", "T4"]; whether the chapter has them is checked later. */
export function parseTaskIds(values: readonly string[]): string[] {
  const ids = values.flatMap((value) => value.split(',')).map((id) => id.trim().toUpperCase()).filter(Boolean);
  const bad = ids.find((id) => !/^T\d{1,3}$/.test(id));
  if (bad !== undefined || (values.length > 0 && ids.length === 0)) {
    throw new UsageError(`--task takes task ids such as T3 or T1,T3, got "${bad ?? values.join(',')}"`);
  }
  return [...new Set(ids)];
}
