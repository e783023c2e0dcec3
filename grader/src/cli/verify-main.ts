// `npm run verify -- <chapter...> | --all [--repeat N] [--seed N]`, or `lab-verify` inside a
// chapter folder (its `verify` script): the course's self-check, exit 0 only if all holds.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chapterDirs, findChapter, listChapters, loadChapter } from '../course/chapters.ts';
import { LabError, UsageError } from '../errors.ts';
import { parseTaskIds } from './args.ts';
import { cleanUpOnInterrupt } from './interrupt.ts';
import { verifyChapter } from './verify.ts';

async function main(argv: string[]): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { all: { type: 'boolean', default: false }, repeat: { type: 'string', default: '1' }, seed: { type: 'string' }, task: { type: 'string', multiple: true } },
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    const repeat = Number(values.repeat);
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100) throw new UsageError(`--repeat must be 1-100, got "${values.repeat}"`);
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
      const outcome = await verifyChapter(chapter, { seed, repeat, tasks, log: (line) => console.log(line) });
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
