// Runs the visible starter tests on Node's own test runner, as a learner runs them by hand
// (`npx tsx --test ...`), and returns the same outcomes as runVitest: the grader scores and
// prints both kinds of suite the same way.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportedLine } from './node-test-reporter.mjs';
import type { TestOutcome, VitestRun } from './run-vitest.ts';

export interface NodeTestRunOptions {
  /** The chapter folder; outcomes name their files relative to it. */
  root: string;
  /** The folder of test files, relative to root. */
  folder: string;
  env: Record<string, string>;
  testTimeoutMs: number;
  workers: number;
  /** Run only these tasks' blocks (describeTask reads LAB_TASKS). */
  tasks?: readonly string[];
  onFileDone?: (file: string, outcomes: TestOutcome[]) => void;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
const reporter = pathToFileURL(path.join(import.meta.dirname, 'node-test-reporter.mjs')).href;

export async function runNodeTests(options: NodeTestRunOptions): Promise<VitestRun> {
  const dir = path.join(options.root, options.folder);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => path.join(options.folder, file));
  const args = ['--import', tsxLoader, '--test', `--test-reporter=${reporter}`, `--test-concurrency=${options.workers}`, ...files];
  const child = spawn(process.execPath, args, {
    cwd: options.root,
    env: {
      ...process.env,
      ...options.env,
      LAB_TEST_TIMEOUT_MS: String(options.testTimeoutMs),
      ...(options.tasks && options.tasks.length > 0 ? { LAB_TASKS: options.tasks.join(',') } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const tests: TestOutcome[] = [];
  const errors: string[] = [];
  for (const text of stdout.split('\n')) {
    if (!text.startsWith('{')) continue;
    const reported = JSON.parse(text) as ReportedLine;
    if ('error' in reported) errors.push(reported.error);
    else tests.push({ ...reported.outcome, file: path.relative(options.root, reported.outcome.file) });
  }
  // Exit 1 only means a test failed; anything else with no outcome is the runner's own trouble.
  if (tests.length === 0 && errors.length === 0 && code !== 0) errors.push(`the test runner failed (exit ${code}): ${stderr.trim()}`);
  for (const file of files) options.onFileDone?.(file, tests.filter((t) => t.file === file));
  return { tests, errors };
}
