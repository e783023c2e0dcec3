// `npm run mutation -- <chapter> [options]`: the command line of the mutation run.
import os from 'node:os';
import { parseOptions } from '../cli/args.ts';
import { UsageError } from '../errors.ts';

export interface MutationArgs {
  chapter: string;
  /** Mutants graded side by side. */
  concurrency: number;
  /** Write mutation.md again from the last run's results (after editing the equivalents), without running. */
  reportOnly: boolean;
  /** Grade again only the last run's survivors (after adding tests for them). */
  survivors: boolean;
}

export const MUTATION_USAGE = `Usage (course authors):
  npm run mutation -- <chapter> [options]

Runs Stryker over the chapter's reference solution (solution/*.ts), grades every mutant with the
hidden suite, and writes chapters/NN-*/mutation.md. Slow: each mutant is a grade.

Options:
  --concurrency <n>  mutants graded at once (default: the number of cores, ${os.availableParallelism()} here)
  --survivors        grade again only the survivors of the last run that
                     mutation-equivalents.json does not explain (after adding tests that should
                     kill them), and update its report
  --report-only      write mutation.md again from the last run (after editing mutation-equivalents.json)`;

export function parseMutationArgs(argv: string[]): MutationArgs | 'help' {
  const { values, positionals } = parseOptions(
    argv,
    {
      concurrency: { type: 'string' },
      'report-only': { type: 'boolean', default: false },
      survivors: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'npm run mutation -- --help',
  );
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'which chapter?' : 'give one chapter', 'Try "npm run mutation -- 01".');
  let concurrency = os.availableParallelism();
  if (values.concurrency !== undefined) {
    if (!/^[1-9]\d{0,2}$/.test(values.concurrency)) throw new UsageError(`--concurrency must be a whole number from 1, got "${values.concurrency}"`);
    concurrency = Number(values.concurrency);
  }
  if (values['report-only'] && values.survivors) throw new UsageError('give --survivors or --report-only, not both');
  return { chapter: positionals[0]!, concurrency, reportOnly: values['report-only'], survivors: values.survivors };
}
