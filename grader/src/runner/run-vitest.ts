// Runs a set of test files with Vitest's Node API inside the grader's process and returns
// plain outcomes: one per test, plus the errors that kept a file from running at all.
import { Writable } from 'node:stream';
import type { File, Task, TaskMeta } from '@vitest/runner';
import path from 'node:path';
import { BaseSequencer, createVitest, type TestSpecification, type Vitest } from 'vitest/node';
import { BUDGET_TIMEOUT } from '../harness/waits.ts';
import type { OutputRecord } from '../harness/lifecycle.ts';
import { formatSeconds } from '../harness/poll.ts';
import { removeOnInterrupt } from './leftovers.ts';

/** Ends a test worker whose grader is gone (worker-guard.mjs). */
const WORKER_GUARD = new URL('./worker-guard.mjs', import.meta.url).href;

export interface TestOutcome {
  file: string;
  /** Names of the enclosing describe blocks, outermost first. */
  suites: string[];
  name: string;
  state: 'pass' | 'fail' | 'skip';
  durationMs: number;
  message?: string;
  /** Set when the failure is not a LabFailure: a bug in a suite, kept with its stack. */
  stack?: string;
  outputs?: OutputRecord[];
}

export interface VitestRun {
  tests: TestOutcome[];
  /** Problems outside any test: a file that failed to load, an unhandled error. */
  errors: string[];
}

export interface VitestRunOptions {
  root: string;
  include: string[];
  env: Record<string, string>;
  testTimeoutMs: number;
  workers: number;
  /** Run only the tests whose full name (describe blocks, then the test) matches. */
  testNamePattern?: RegExp;
  /** Called as each test file finishes, with its outcomes (the same ones the end result holds). */
  onFileDone?: (file: string, outcomes: TestOutcome[]) => void;
  /** Files to start first, in this order (paths relative to root); the rest follow by Vitest's own order. */
  startFirst?: readonly string[];
  /**
   * Files to run on their own before all the others start (paths relative to root): with the
   * cores to themselves they end sooner, so the first result a learner waits for comes early;
   * the whole run takes a little longer.
   */
  headStart?: readonly string[];
  /** Where Vitest keeps the modules it compiles (a folder of the run's own); else the system's temp directory. */
  scratchDir?: string;
  /** Stop the whole run at the first failing test: the tests not reached come back as skipped. */
  bail?: boolean;
}

interface TaskError {
  name?: string;
  message?: string;
  stack?: string;
}

/** What the harness saw of a failing test's programs (lifecycle.ts): a crash, pending waits. */
type Seen = Pick<TaskMeta, 'cause' | 'waitingFor'>;

function explain(error: TaskError | undefined, seen: Seen = {}): Pick<TestOutcome, 'message' | 'stack'> {
  if (!error) return { message: 'failed without an error message' };
  const message = error.message ?? String(error);
  const timeout = BUDGET_TIMEOUT.exec(message);
  // A crash comes first: "connection refused" is only what the test saw of it.
  const because = (saw: string) => (seen.cause ? `${seen.cause}. What the test saw: ${saw}` : saw);
  if (timeout) {
    const waited = seen.waitingFor?.length ? `it waited for ${seen.waitingFor.join(', and for ')}` : 'it waited on your program';
    return { message: because(`timed out after ${formatSeconds(Number(timeout[2]))}: the test's time budget ran out while ${waited}`) };
  }
  if (error.name === 'LabFailure' || error.name === 'RequestFailure') return { message: because(message) };
  return { message: `${error.name ?? 'Error'}: ${message}`, stack: error.stack };
}

function collect(task: Task, suites: string[], file: string, out: TestOutcome[], inherited?: TaskError): void {
  if (task.type === 'suite') {
    const own = task.result?.errors?.[0] as TaskError | undefined;
    // A file is the outermost suite; its name is not a describe block.
    const path = 'filepath' in task ? suites : [...suites, task.name];
    for (const child of task.tasks) collect(child, path, file, out, own ?? inherited);
    return;
  }
  const result = task.result;
  // Skipped: filtered out by name, or skipped at run time (fail-fast, once its task was lost).
  const state = result?.state === 'pass' ? 'pass' : result?.state === 'skip' || task.mode === 'skip' || task.mode === 'todo' ? 'skip' : 'fail';
  const outcome: TestOutcome = { file, suites, name: task.name, state, durationMs: Math.round(result?.duration ?? 0) };
  if (state === 'fail') {
    // A test that never ran because its block's setup failed carries the setup's error.
    Object.assign(outcome, explain((result?.errors?.[0] as TaskError | undefined) ?? inherited, task.meta));
    if (task.meta.outputs) outcome.outputs = task.meta.outputs;
  }
  out.push(outcome);
}

export async function runVitest(options: VitestRunOptions): Promise<VitestRun> {
  const tests: TestOutcome[] = [];
  const errors: string[] = [];
  let chatter = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chatter += String(chunk);
      done();
    },
  });
  const collector = {
    onTestModuleEnd(testModule: unknown) {
      // The reported module keeps the runner's File (an internal field, `task`): the same object
      // onFinished gets below, so a file's outcomes are read the same way now and at the end.
      // Without it (another Vitest), nothing streams and the results come at the end as before.
      const file = (testModule as { task?: File }).task;
      if (!file || !options.onFileDone) return;
      const outcomes: TestOutcome[] = [];
      collect(file, [], file.name, outcomes);
      options.onFileDone(file.name, outcomes);
    },
    onFinished(files: File[] = [], unhandled: unknown[] = []) {
      for (const file of files) {
        const relative = file.name;
        const loadError = file.result?.errors?.[0] as TaskError | undefined;
        if (loadError && file.tasks.length === 0) errors.push(`${relative} could not run: ${loadError.message ?? loadError}`);
        collect(file, [], relative, tests);
      }
      for (const error of unhandled) errors.push(`unhandled error: ${(error as TaskError).stack ?? String(error)}`);
    },
  };
  const vitest = await createVitest(
    'test',
    {
      root: options.root,
      config: false,
      watch: false,
      include: options.include,
      reporters: [collector],
      pool: 'forks',
      poolOptions: { forks: { execArgv: ['--import', WORKER_GUARD] } },
      // Suites mostly wait on sockets and child processes, so more files than cores can run at
      // once; the spawned programs' start-up (about 0.3 s of CPU each) is what bounds it.
      maxWorkers: options.workers,
      minWorkers: 1,
      testTimeout: options.testTimeoutMs,
      ...(options.startFirst ? { sequence: { sequencer: firstInOrder(options.root, options.startFirst) } } : {}),
      testNamePattern: options.testNamePattern,
      ...(options.bail ? { bail: 1 } : {}),
      hookTimeout: options.testTimeoutMs,
      teardownTimeout: 10_000,
      env: options.env,
      silent: true,
      passWithNoTests: true,
      cache: false,
    },
    {},
    { stdout: sink, stderr: sink },
  );
  // Vitest keeps transformed modules in a folder of the system's temp directory, removed on
  // close(): an interrupted grader removes it instead. Under a random name it would outlive a
  // grader killed outright; in the run's folder, the next grade's sweep of abandoned runs takes it.
  if (options.scratchDir) {
    vitest.projects.forEach((project, i) => ((project as { tmpDir: string }).tmpDir = path.join(options.scratchDir!, `vitest-${i}`)));
  }
  const forget = vitest.projects.map((project) => removeOnInterrupt(project.tmpDir));
  // While the first worker starts, the head start's modules are compiled ahead of its requests.
  if (options.headStart?.length) warmUp(vitest, options.root, options.headStart);
  try {
    await (options.headStart?.length ? startInTwoRounds(vitest, options.root, options.headStart) : vitest.start());
  } catch (error) {
    errors.push(`the test runner failed: ${(error as Error).message}\n${chatter.trim()}`);
  } finally {
    await vitest.close();
    for (const done of forget) done();
  }
  return { tests, errors };
}

/** Runs the `first` files, then the rest: the same as vitest.start() but for the order. */
async function startInTwoRounds(vitest: Vitest, root: string, first: readonly string[]): Promise<void> {
  await vitest.init();
  const wanted = new Set(first.map((file) => path.resolve(root, file)));
  const all = await vitest.globTestSpecifications();
  const head = all.filter((spec) => wanted.has(path.resolve(spec.moduleId)));
  const rest = all.filter((spec) => !wanted.has(path.resolve(spec.moduleId)));
  if (head.length === 0 || rest.length === 0) {
    await vitest.runTestSpecifications(all, true);
    return;
  }
  await vitest.runTestSpecifications(head);
  await vitest.runTestSpecifications(rest);
}

/**
 * A sequencer that starts the given files first, in that order. Vitest's own order starts the
 * biggest files first (good for the total time); the grader starts T1's files first, so that
 * a learner streaming results sees T1's line early. The total barely changes: the files run
 * side by side either way.
 */
function firstInOrder(root: string, first: readonly string[]) {
  const rank = new Map(first.map((file, i) => [path.resolve(root, file), i]));
  return class extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files);
      const at = (spec: TestSpecification) => rank.get(path.resolve(spec.moduleId)) ?? Number.MAX_SAFE_INTEGER;
      return [...sorted].sort((a, b) => at(a) - at(b));
    }
  };
}

/**
 * Compiles `files` and every module of the suite they import (the harness, a chapter's support
 * file), all at once, into the dev server's cache. A test worker fetches its modules one at a
 * time, each only once the module importing it has run: about 45 round trips for a chapter's
 * first file, each paying for a compilation (about 0.45 s in all on the course machine). Compiled
 * ahead, while the worker process is still starting, each trip is a cache hit (about 0.2 s
 * sooner to T1's first test). Packages are not compiled: the worker imports them with Node.
 * Best effort: a module that fails here fails again, with its real error, when the worker asks.
 */
export function warmUp(vitest: Vitest, root: string, files: readonly string[]): void {
  const ssr = vitest.vite.environments.ssr;
  const seen = new Set<string>();
  // A dependency is the suite's own when the server names it by path (a package keeps its bare
  // name, or lies under node_modules; node: modules are built in).
  const ownModule = (url: string) => url.startsWith('/') && !url.includes('/node_modules/');
  const visit = async (url: string): Promise<void> => {
    if (seen.has(url)) return;
    seen.add(url);
    const result = await ssr.transformRequest(url).catch(() => null);
    await Promise.all((result?.deps ?? []).filter(ownModule).map(visit));
  };
  for (const file of files) void visit(path.resolve(root, file));
}
