// `npm run verify -- <chapter...> | --all [--repeat N] [--seed N]`, or `lab-verify` inside a
// chapter folder (its `verify` script): the course's self-check, exit 0 only if all holds.
import os from 'node:os';
import path from 'node:path';
import { chapterDirs, findChapter, listChapters, loadChapter } from '../course/chapters.ts';
import { LabError, UsageError } from '../errors.ts';
import { parseOptions, parseTaskIds } from './args.ts';
import { cleanUpOnInterrupt } from './interrupt.ts';
import { verifyChapter } from './verify.ts';

export const VERIFY_USAGE = `Usage (course authors):
  npm run verify -- <chapter...> [options]
  npm run verify -- --all [options]

Checks that a chapter holds together: every task links to its lesson, stubs and references are in
place, the reference earns full marks and the stubs nothing, the visible tests pass, and every
mutant in mutants/ loses exactly the tasks it declares. Exit 0 only if all of it holds.

Options:
  --all          every chapter
  --task <Tn>    only these tasks (repeatable): the reference graded on them, and the mutants
                 that break only them
  --repeat <n>   grade the reference n times (1-100), to find a flaky test
  --jobs <n>     mutants graded at once (1-8; default 2, or 1 on a single core): their
                 tests mostly wait on timers and sockets, so two share two cores well
  --seed <n>     the seed of the hidden suites' random choices (default: a new one, printed)
  -h, --help     this text`;

/**
 * Two mutants at once: on two cores chapter 06's reference graded twice side by side took 102 s
 * against 86 s alone (1.7x the throughput), both runs passing. More would crowd the timing
 * margins the suites keep for a busy machine, so more is a choice (--jobs), not a default.
 */
function defaultJobs(): number {
  return Math.min(2, os.availableParallelism());
}

async function main(argv: string[]): Promise<number> {
  try {
    const parsed = parseOptions(
      argv,
      {
        all: { type: 'boolean', default: false },
        repeat: { type: 'string', default: '1' },
        jobs: { type: 'string' },
        seed: { type: 'string' },
        task: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
      'npm run verify -- --help',
    );
    const { values, positionals } = parsed;
    if (values.help) {
      console.log(VERIFY_USAGE);
      return 0;
    }
    const repeat = Number(values.repeat);
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100) throw new UsageError(`--repeat must be 1-100, got "${values.repeat}"`);
    const jobs = values.jobs === undefined ? defaultJobs() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8) throw new UsageError(`--jobs must be 1-8, got "${values.jobs}"`);
    const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number, got "${values.seed}"`);
    const tasks = parseTaskIds(values.task ?? []);
    const here = chapterDirs().find((dir) => dir === path.resolve(process.cwd()));
    const selected = values.all ? listChapters() : positionals.length > 0 ? positionals.map((q) => findChapter(q)) : here ? [loadChapter(here)] : [];
    if (selected.length === 0) throw new UsageError('which chapter?', 'Try "npm run verify -- 01" or "--all".');
    cleanUpOnInterrupt('verify', true);
    let passed = 0;
    let failed = 0;
    for (const chapter of selected) {
      const outcome = await verifyChapter(chapter, { seed, repeat, tasks, jobs, log: (line) => console.log(line) });
      passed += outcome.passed;
      failed += outcome.failed;
    }
    // The plain closing line CI tooling reads.
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`verify: ${error.message}${error.next ? `\n${error.next}` : ''}`);
    return 2;
  }
}

const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
