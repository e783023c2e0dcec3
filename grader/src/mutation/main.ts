// `npm run mutation -- <chapter>` (course authors): Stryker over the chapter's reference
// solution, the hidden suite as the test, and the report chapters/NN-*/mutation.md. Exit 0 when
// the report is written, 2 when the run could not happen.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Chapter, courseRoot, findChapter } from '../course/chapters.ts';
import { LabError, SetupError } from '../errors.ts';
import { MUTATION_USAGE, parseMutationArgs } from './args.ts';
import { EQUIVALENTS_FILE, readEquivalents } from './equivalents.ts';
import { renderMarkdown, type RunFacts } from './render-markdown.ts';
import type { StrykerJsonReport } from './report-schema.ts';
import { strykerPlan, workFolder } from './stryker-options.ts';
import { summarize } from './summarize.ts';

/** Stryker's instrumented code names its helpers so; a solution file holding it was never restored. */
const INSTRUMENTED = 'stryMutAct_9fa48';

function refuseInstrumentedSolution(chapter: Chapter): void {
  const dir = path.join(chapter.dir, 'solution');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const left = files.filter((f) => readFileSync(path.join(dir, f), 'utf8').includes(INSTRUMENTED));
  if (left.length > 0) {
    throw new SetupError(
      `chapters/${chapter.name}/solution/ still holds Stryker's instrumented code (${left.join(', ')}): an earlier run was killed before it could restore it`,
      `Restore it with "git checkout -- chapters/${chapter.name}/solution", then run again.`,
    );
  }
}

const factsFile = (chapter: Chapter) => path.join(workFolder(chapter), 'run.json');

async function runStryker(chapter: Chapter, concurrency: number): Promise<RunFacts> {
  const root = courseRoot();
  const plan = strykerPlan(chapter, root, concurrency);
  mkdirSync(workFolder(chapter), { recursive: true });
  // In place mode works in the current directory: the course root, whatever npm was run from.
  process.chdir(root);
  const started = Date.now();
  const { Stryker } = await import('@stryker-mutator/core');
  await new Stryker(plan.options).runMutationTest();
  const facts: RunFacts = {
    chapter: chapter.name,
    command: `npm run mutation -- ${chapter.number} --concurrency ${concurrency}`,
    testCommand: plan.testCommand,
    finishedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    durationMs: Date.now() - started,
    concurrency,
  };
  writeFileSync(factsFile(chapter), `${JSON.stringify(facts, null, 2)}\n`);
  return facts;
}

function readLastRun(chapter: Chapter): RunFacts {
  if (!existsSync(factsFile(chapter))) throw new SetupError(`no earlier mutation run of ${chapter.name} to report on`, `Run "npm run mutation -- ${chapter.number}" first.`);
  return JSON.parse(readFileSync(factsFile(chapter), 'utf8')) as RunFacts;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseMutationArgs(argv);
    if (args === 'help') {
      process.stdout.write(`${MUTATION_USAGE}\n`);
      return 0;
    }
    const chapter = findChapter(args.chapter);
    if (!existsSync(path.join(chapter.dir, 'solution'))) throw new SetupError(`${chapter.name} has no solution/ folder`, 'Mutation testing runs on the reference solution, which the learner branch does not have.');
    // Read before the long run: a broken file is better found now than after an hour.
    const equivalentsFile = path.join(chapter.dir, EQUIVALENTS_FILE);
    readEquivalents(equivalentsFile);
    let facts: RunFacts;
    if (args.reportOnly) facts = readLastRun(chapter);
    else {
      refuseInstrumentedSolution(chapter);
      facts = await runStryker(chapter, args.concurrency);
    }
    const report = JSON.parse(readFileSync(strykerPlan(chapter, courseRoot(), args.concurrency).jsonReport, 'utf8')) as StrykerJsonReport;
    const summary = summarize(report, chapter.name, readEquivalents(equivalentsFile));
    const out = path.join(chapter.dir, 'mutation.md');
    writeFileSync(out, renderMarkdown(summary, facts));
    const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
    process.stdout.write(
      `${chapter.name}: ${summary.total} mutants, ${summary.killed} killed, ${summary.timedOut} timed out, ${summary.survived + summary.noCoverage} survived (${summary.equivalent.length} reviewed equivalent, ${summary.unreviewed.length} to review), ${summary.errors} errors; score ${pct(summary.score)}, non-equivalent ${pct(summary.nonEquivalentScore)}\nReport: ${path.relative(process.cwd(), out)}\n`,
    );
    if (summary.total > 0 && summary.killed + summary.timedOut === 0) {
      process.stderr.write('mutation: no mutant was killed: the graded programs may not see the active mutant (__STRYKER_ACTIVE_MUTANT__, child-env.ts)\n');
    }
    return 0;
  } catch (error) {
    const expected = error instanceof LabError;
    process.stderr.write(`mutation: ${expected ? error.message : `unexpected error: ${(error as Error).stack ?? error}`}${expected && error.next ? `\n${error.next}` : ''}\n`);
    return 2;
  }
}
