// Task results as soon as they are known, in task order: a learner sees T1's line while T5's
// tests still run. A task is known once every suite file that declares it has finished; which
// files declare which task is read from their describeTask('Tn', ...) calls before the run.
// If a task's files cannot be told that way, streaming stops there and the rest of the tasks
// come with the end result, as before.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestOutcome } from './run-vitest.ts';

const DECLARES = /describeTask\(\s*['"](T\d+)['"]/g;

/** Suite files (relative to `root`, as Vitest names them) under `folder`, by the tasks they declare. */
export function filesByTask(root: string, folder: string): Map<string, Set<string>> {
  const byTask = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts')) {
        const relative = path.relative(root, full).split(path.sep).join('/');
        for (const match of readFileSync(full, 'utf8').matchAll(DECLARES)) {
          byTask.set(match[1]!, (byTask.get(match[1]!) ?? new Set()).add(relative));
        }
      }
    }
  };
  walk(path.join(root, folder));
  return byTask;
}

/** The files that declare these tasks; undefined (run every file) when one of them has none found. */
export function filesOfTasks(files: Map<string, Set<string>>, tasks: readonly string[]): string[] | undefined {
  const found = tasks.map((id) => files.get(id));
  return found.every((set) => set !== undefined && set.size > 0) ? [...new Set(found.flatMap((set) => [...set!]))] : undefined;
}

export class TaskStream {
  private readonly done = new Set<string>();
  private readonly outcomes: TestOutcome[] = [];
  private next = 0;

  /**
   * @param taskIds the tasks graded, in the order they are shown
   * @param files which suite files declare each task (filesByTask)
   * @param emit receives one task's outcomes, once, in order
   */
  constructor(
    private readonly taskIds: readonly string[],
    private readonly files: Map<string, Set<string>>,
    private readonly emit: (taskId: string, outcomes: TestOutcome[]) => void,
  ) {}

  /** How many tasks have been emitted so far. */
  get emitted(): number {
    return this.next;
  }

  fileDone(file: string, outcomes: readonly TestOutcome[]): void {
    this.done.add(file);
    this.outcomes.push(...outcomes);
    while (this.next < this.taskIds.length) {
      const id = this.taskIds[this.next]!;
      const declaring = this.files.get(id);
      if (!declaring || declaring.size === 0 || ![...declaring].every((f) => this.done.has(f))) return;
      const ofTask = new RegExp(`^${id}\\b`);
      this.emit(id, this.outcomes.filter((o) => ofTask.test(o.suites[0] ?? '')));
      this.next++;
    }
  }
}
