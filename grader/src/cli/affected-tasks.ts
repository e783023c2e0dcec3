// Which tasks a mutant can change. A mutant patches some of the learner's files; a task whose
// processes never load any of them runs exactly the reference's code, so it earns what the
// reference earned and need not be graded again. The reference run records, per task, every
// learner file its processes load (the loader's trace, see harness/loader/hooks.mjs); a mutant
// is then graded on the tasks that load a file it patches. Suites never import learner code
// in-process (every learner file runs in a process the harness starts), which is what makes the
// trace complete. Without a usable trace every task is graded, as before.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UNTASKED } from '../harness/context.ts';

/** Task id → the learner files (relative to the code folder) its processes loaded. */
export type LoadTrace = Map<string, Set<string>>;

/** Reads a trace folder; undefined when it cannot be trusted (a process outside any task). */
export function readTrace(dir: string): LoadTrace | undefined {
  if (!existsSync(dir)) return undefined;
  const trace: LoadTrace = new Map();
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.txt')) continue;
    const task = file.slice(0, -'.txt'.length);
    if (task === UNTASKED) return undefined;
    trace.set(task, new Set(readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean)));
  }
  return trace.size > 0 ? trace : undefined;
}

/** The files a unified diff touches, relative to its root (a/ and b/ stripped). */
export function patchedFiles(patch: string): string[] {
  const files = new Set<string>();
  for (const match of patch.matchAll(/^(?:---|\+\+\+) [ab]\/(\S+)/gm)) files.add(match[1]!);
  return [...files];
}

/**
 * The tasks among `tasks` whose processes load a file the patch touches, or undefined when every
 * task must be graded (no trace, or the patch touches something that is not TypeScript: a static
 * file is read, not loaded, and the trace cannot see it).
 */
export function affectedTasks(trace: LoadTrace | undefined, patch: string, tasks: readonly string[]): string[] | undefined {
  if (!trace) return undefined;
  const files = patchedFiles(patch);
  if (files.length === 0 || files.some((file) => !file.endsWith('.ts'))) return undefined;
  return tasks.filter((task) => files.some((file) => trace.get(task)?.has(file)));
}
