// `npm run classroom -- <folder or git URL>...`: grades many learner copies of the course with
// this copy's suites and grader (each one as `grade --code <copy> --json` in its own process
// group), a few at a time, and writes a gradebook. One copy that cannot be cloned, does not
// install, crashes or hangs is one row with its reason, never a stopped batch.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Chapter, findChapter, listChapters } from '../course/chapters.ts';
import { parseOptions } from '../cli/args.ts';
import { UsageError } from '../errors.ts';
import type { GradeReport } from '../runner/report.ts';
import { type LearnerResult, renderCsv, renderHtml } from './gradebook.ts';

export const CLASSROOM_USAGE = `Usage:
  npm run classroom -- <folder or git URL>... [options]

Grades the learner files of each copy with this copy's hidden suites and grader.
Options:
  --list <file>       more copies, one folder or git URL per line (# starts a comment)
  --chapter <NN>      grade only these chapters (repeat, or 01,02); default: every chapter
  --out <folder>      where the gradebook goes (default: classroom); gradebook.csv,
                      gradebook.html and one <learner>.json per copy
  --parallel <n>      copies graded at once (default 1: grading uses every core)
  --timeout <s>       a copy still grading after this many seconds is stopped (default 3600)`;

const BIN = fileURLToPath(new URL('../../bin/lab-grade.mjs', import.meta.url));
const KILL_GRACE_MS = 5000;

// The graders of copies in progress, each the leader of its own process group. They do not get
// the terminal's Ctrl-C (they are detached), so when the classroom stops, tell each to stop: a
// grader that gets SIGTERM cleans up its run before it exits.
const graders = new Set<number>();
process.on('exit', () => {
  for (const pid of graders) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
});

interface ClassroomOptions {
  sources: string[];
  chapters: Chapter[];
  out: string;
  parallel: number;
  timeoutMs: number;
}

function whole(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,7}$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return Number(text);
}

export function parseClassroomArgs(argv: string[]): ClassroomOptions | 'help' {
  const parsed = parseOptions(
    argv,
    {
      list: { type: 'string', multiple: true },
      chapter: { type: 'string', multiple: true },
      out: { type: 'string' },
      parallel: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'npm run classroom -- --help',
  );
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const fromLists = (values.list ?? []).flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--list ${file}: ${(error as Error).message}`);
    }
    return text.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
  });
  const sources = [...positionals, ...fromLists];
  if (sources.length === 0) throw new UsageError('which learner copies?', 'Give folders or git URLs, or --list <file> with one per line.');
  const queries = (values.chapter ?? []).flatMap((v) => v.split(',')).map((q) => q.trim()).filter(Boolean);
  const chapters = queries.length > 0 ? queries.map((q) => findChapter(q)) : listChapters();
  if (values.out === '') throw new UsageError('--out needs a folder');
  return {
    sources,
    chapters: chapters.filter((c, i) => chapters.findIndex((d) => d.dir === c.dir) === i),
    out: path.resolve(values.out ?? 'classroom'),
    parallel: whole(values.parallel, '--parallel', 1, 1, 64),
    timeoutMs: whole(values.timeout, '--timeout', 3600, 1, 86_400) * 1000,
  };
}

/** Short, unique, file-safe names: "alice" from /x/alice or https://host/org/alice.git. */
export function learnerNames(sources: readonly string[]): string[] {
  const taken = new Map<string, number>();
  return sources.map((source) => {
    const last = source.replace(/[/\\]+$/, '').split(/[/\\:]/).at(-1)!.replace(/\.git$/, '');
    const base = last.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 60) || 'learner';
    const seen = taken.get(base) ?? 0;
    taken.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen + 1}`;
  });
}

/** One copy, graded by a grader process of its own; resolves whatever that process does. */
function gradeCopy(source: string, options: ClassroomOptions): Promise<{ report?: GradeReport; error?: string }> {
  const chapterArgs = options.chapters.map((c) => c.number);
  const child = spawn(process.execPath, [BIN, 'grade', ...chapterArgs, '--code', source, '--json', '--no-color'], {
    // Its own process group: a timeout stops the grader and everything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) graders.add(child.pid);
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let timedOut = false;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup('SIGTERM');
    setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS).unref();
  }, options.timeoutMs);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: `the grader could not start: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) graders.delete(child.pid);
      if (timedOut) return resolve({ error: `stopped after ${options.timeoutMs / 1000} s (--timeout)` });
      let report: GradeReport | undefined;
      try {
        report = JSON.parse(Buffer.concat(stdout).toString('utf8')) as GradeReport;
      } catch {
        report = undefined;
      }
      if (report && Array.isArray(report.chapters)) return resolve({ report });
      const lastLine = stderr.trim().split('\n').at(-1) ?? '';
      resolve({ error: `the grader ended with ${signal ?? `exit code ${code}`} and no report${lastLine ? `: ${lastLine}` : ''}` });
    });
  });
}

/** Writes a file whole or not at all: a reader never sees half a gradebook. */
function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export async function runClassroom(options: ClassroomOptions, log: (line: string) => void): Promise<LearnerResult[]> {
  mkdirSync(options.out, { recursive: true });
  const names = learnerNames(options.sources);
  const results: LearnerResult[] = new Array(options.sources.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.sources.length) {
      const i = next++;
      const source = options.sources[i]!;
      const started = Date.now();
      const outcome = await gradeCopy(source, options);
      const result: LearnerResult = { name: names[i]!, source, ...outcome, durationMs: Date.now() - started };
      results[i] = result;
      writeAtomically(path.join(options.out, `${result.name}.json`), `${JSON.stringify(outcome.report ?? { source, error: outcome.error }, null, 2)}\n`);
      done++;
      const summary = result.report && !result.report.error ? `${result.report.points.earned}/${result.report.points.possible}` : `error: ${result.error ?? result.report?.error}`;
      log(`[${done}/${options.sources.length}] ${result.name}: ${summary} (${(result.durationMs / 1000).toFixed(1)} s)`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, options.sources.length) }, worker));
  writeAtomically(path.join(options.out, 'gradebook.csv'), renderCsv(options.chapters, results));
  writeAtomically(path.join(options.out, 'gradebook.html'), renderHtml(options.chapters, results, new Date()));
  return results;
}
