// `npm run mutation -- <chapter>` (course authors): Stryker over the chapter's reference
// solution, the hidden suite as the test, and the report chapters/NN-*/mutation.md. Exit 0 when
// the report is written, 2 when the run could not happen.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Chapter, courseRoot, findChapter } from '../course/chapters.ts';
import { LabError, SetupError } from '../errors.ts';
import { MUTATION_USAGE, parseMutationArgs } from './args.ts';
import { type Equivalent, EQUIVALENTS_FILE, readEquivalents } from './equivalents.ts';
import { renderMarkdown, type RunFacts } from './render-markdown.ts';
import type { StrykerJsonReport } from './report-schema.ts';
import { mergeRetest, reviewedIn, survivorPatterns } from './retest.ts';
import { fullReport, strykerPlan, workFolder } from './stryker-options.ts';
import { summarize, type MutationSummary } from './summarize.ts';

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
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Runs Stryker; returns its JSON report and how long it took. */
async function runStryker(chapter: Chapter, concurrency: number, only?: string[]): Promise<{ report: StrykerJsonReport; durationMs: number; testCommand: string }> {
  const root = courseRoot();
  const plan = strykerPlan(chapter, root, concurrency, only);
  mkdirSync(workFolder(chapter), { recursive: true });
  // In place mode works in the current directory: the course root, whatever npm was run from.
  process.chdir(root);
  const started = Date.now();
  const { Stryker } = await import('@stryker-mutator/core');
  await new Stryker(plan.options).runMutationTest();
  return { report: readJson<StrykerJsonReport>(plan.jsonReport), durationMs: Date.now() - started, testCommand: plan.testCommand };
}

function readLastRun(chapter: Chapter): { facts: RunFacts; report: StrykerJsonReport } {
  if (!existsSync(factsFile(chapter)) || !existsSync(fullReport(chapter))) {
    throw new SetupError(`no earlier mutation run of ${chapter.name} on this machine`, `Run "npm run mutation -- ${chapter.number}" first.`);
  }
  return { facts: readJson<RunFacts>(factsFile(chapter)), report: readJson<StrykerJsonReport>(fullReport(chapter)) };
}

/** A re-test of survivors finds them by place: the solution must be as the full run saw it. */
function refuseChangedSolution(chapter: Chapter, report: StrykerJsonReport): void {
  const root = courseRoot();
  const changed = Object.entries(report.files).filter(([file, { source }]) => !existsSync(path.resolve(root, file)) || readFileSync(path.resolve(root, file), 'utf8') !== source);
  if (changed.length > 0) {
    throw new SetupError(`the reference solution changed since the last full run (${changed.map(([f]) => path.basename(f)).join(', ')}): its mutants are not the same`, `Run "npm run mutation -- ${chapter.number}" in full.`);
  }
}

async function retestSurvivors(chapter: Chapter, concurrency: number, equivalents: Equivalent[]): Promise<RunFacts> {
  const last = readLastRun(chapter);
  refuseChangedSolution(chapter, last.report);
  const patterns = survivorPatterns(last.report, reviewedIn(summarize(last.report, chapter.name, equivalents), chapter.name));
  if (patterns.length === 0) {
    process.stdout.write('mutation: the last run left no survivors to grade again\n');
    return last.facts;
  }
  const retest = await runStryker(chapter, concurrency, patterns);
  writeFileSync(fullReport(chapter), JSON.stringify(mergeRetest(last.report, retest.report)));
  return { ...last.facts, retest: { finishedAt: now(), durationMs: retest.durationMs, mutants: Object.values(retest.report.files).reduce((n, f) => n + f.mutants.length, 0) } };
}

async function fullRun(chapter: Chapter, concurrency: number): Promise<RunFacts> {
  const run = await runStryker(chapter, concurrency);
  return {
    chapter: chapter.name,
    command: `npm run mutation -- ${chapter.number} --concurrency ${concurrency}`,
    testCommand: run.testCommand,
    finishedAt: now(),
    durationMs: run.durationMs,
    concurrency,
  };
}

const percent = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

function oneLineSummary(chapter: Chapter, s: MutationSummary): string {
  return `${chapter.name}: ${s.total} mutants, ${s.killed} killed, ${s.timedOut} timed out, ${s.survived + s.noCoverage} survived (${s.equivalent.length} reviewed equivalent, ${s.unreviewed.length} to review), ${s.errors} errors; score ${percent(s.score)}, non-equivalent ${percent(s.nonEquivalentScore)}`;
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
    const equivalents = readEquivalents(equivalentsFile);
    if (!args.reportOnly) refuseInstrumentedSolution(chapter);
    const facts = args.reportOnly ? readLastRun(chapter).facts : args.survivors ? await retestSurvivors(chapter, args.concurrency, equivalents) : await fullRun(chapter, args.concurrency);
    writeFileSync(factsFile(chapter), `${JSON.stringify(facts, null, 2)}\n`);
    const summary = summarize(readJson<StrykerJsonReport>(fullReport(chapter)), chapter.name, equivalents);
    const out = path.join(chapter.dir, 'mutation.md');
    writeFileSync(out, renderMarkdown(summary, facts));
    process.stdout.write(`${oneLineSummary(chapter, summary)}\nReport: ${path.relative(process.cwd(), out)}\n`);
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
