// What the grader tells a suite through the environment: which code to run, where to put
// scratch files, which seed to use. Outside the grader, sensible defaults apply.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Chapter, loadChapter } from '../course/chapters.ts';
import { ownedName } from '../runner/leftovers.ts';

export interface RunContext {
  /** The chapter folder (holds chapter.json). */
  chapterDir: string;
  /** The code under test: the learner's `src/`, or an overlay of the reference or a mutant. */
  codeDir: string;
  /** Scratch space of this run: data directories, the record of spawned processes. */
  runDir: string;
  /** Unique per grading run; tags every process the harness starts. */
  runId: string;
  seed: number;
  /** The code folder transpiled by the grader; unset when a suite runs outside the grader. */
  compiledDir?: string;
  /** The course's workspace packages (the provided Chirp app) transpiled by the grader. */
  compiledPackages: [source: string, compiled: string][];
}

export const ENV = {
  chapterDir: 'LAB_CHAPTER_DIR',
  codeDir: 'LAB_CODE_DIR',
  runDir: 'LAB_RUN_DIR',
  runId: 'LAB_RUN_ID',
  seed: 'LAB_SEED',
  compiledDir: 'LAB_COMPILED_DIR',
  /** JSON [[packageDir, compiledDir], ...]. */
  compiledPackages: 'LAB_COMPILED_PACKAGES',
  /** Set on spawned processes only: `<runId>:<processId>`, found again in /proc/<pid>/environ. */
  processTag: 'LAB_PROCESS_TAG',
  /** "1": once a test of a task fails, skip that task's remaining tests (verify's mutants and stubs). */
  failFast: 'LAB_FAIL_FAST',
  /**
   * A folder: every learner process records there which of the learner's files it loads, one
   * file per task (verify's reference run; see verify.ts).
   */
  traceDir: 'LAB_TRACE_DIR',
  /** Set on spawned processes only: the file the loader appends each learner file it loads to. */
  loaderTrace: 'LAB_LOADER_TRACE',
  /** How learner processes are contained (containment.ts); "tag-sweep" forces the fallback. */
  containment: 'LAB_CONTAINMENT',
} as const;

let cached: RunContext | undefined;

export function runContext(): RunContext {
  if (cached) return cached;
  const chapterDir = path.resolve(process.env[ENV.chapterDir] ?? enclosingChapter());
  // Outside a grade, a name of this process's own: should the process be killed before its exit
  // handler runs (a test runner ends its workers with SIGTERM), the next grade's sweep finds the
  // folder abandoned and removes it.
  const runId = process.env[ENV.runId] ?? ownedName();
  const runDir = process.env[ENV.runDir] ?? path.join(os.tmpdir(), 'scaling-lab', runId);
  mkdirSync(runDir, { recursive: true });
  // The grader removes its run folders; a test file run on its own removes its scratch space itself.
  if (process.env[ENV.runDir] === undefined) process.once('exit', () => rmSync(runDir, { recursive: true, force: true }));
  const seedText = process.env[ENV.seed];
  cached = {
    chapterDir,
    codeDir: path.resolve(process.env[ENV.codeDir] ?? path.join(chapterDir, 'src')),
    runDir,
    runId,
    seed: seedText === undefined ? 1 : Number(seedText),
    compiledDir: process.env[ENV.compiledDir],
    compiledPackages: JSON.parse(process.env[ENV.compiledPackages] || '[]'),
  };
  return cached;
}

/**
 * Outside the grader (a learner running one test file with `tsx --test`): the chapter folder
 * that holds the file being run, else the one around the working directory.
 */
function enclosingChapter(): string {
  for (const start of [process.argv[1], process.cwd()]) {
    if (!start) continue;
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'chapter.json'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return process.cwd();
}

let chapter: Chapter | undefined;

/** The trace file of learner processes started outside describeTask (verify then prunes nothing). */
export const UNTASKED = '_untasked';

/** The task whose tests are running in this file (describeTask sets it); one task per file. */
let task: string | undefined;

export function setCurrentTask(id: string): void {
  task = id;
}

export function currentTask(): string | undefined {
  return task;
}

/** The chapter under test, read once per worker (every app start and describeTask needs it). */
export function currentChapter(): Chapter {
  chapter ??= loadChapter(runContext().chapterDir);
  return chapter;
}
