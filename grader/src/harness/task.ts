// describeTask('T3', ...) is how a suite declares which graded task its tests belong to. The
// title comes from the chapter's metadata, so the report and the suite can never disagree.
import { beforeAll, describe } from 'vitest';
import { currentChapter, runContext, setCurrentTask } from './context.ts';
import { installLifecycle } from './lifecycle.ts';
import { Random } from './random.ts';

export function describeTask(id: string, body: () => void): void {
  const { meta } = currentChapter();
  const task = meta.tasks.find((t) => t.id === id);
  if (!task) throw new Error(`describeTask("${id}"): chapter.json declares no task ${id}`);
  describe(`${task.id} ${task.title}`, () => {
    beforeAll(() => setCurrentTask(task.id));
    installLifecycle();
    body();
  });
}

/** A generator seeded from the run's seed and a label, so each test's data is independent. */
export function seeded(label: string): Random {
  return new Random(runContext().seed).fork(label);
}
