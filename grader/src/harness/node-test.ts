// describeTask and it for the visible starter tests, on Node's own test runner: a learner runs
// one file with `npx tsx --test chapters/01-single-server/test/starter.test.ts` (or from the
// editor), and `npm run check -- 01` runs them all. Same lifecycle as the hidden suites
// (components.ts): what a test starts is stopped after it, what shared() starts after its block.
// A failing test's message ends with the last output of the programs it used, since there is
// no report beside it to carry that output.
import { after, before, describe, it as nodeIt } from 'node:test';
import { beginTest, closeScope, endTest, openScope, scopedComponents } from './components.ts';
import { currentChapter, setCurrentTask } from './context.ts';
import type { Component } from './process.ts';

const OUTPUT_TAIL_BYTES = 2048;

/** The per-test time budget: the grader's when it runs the tests, else the hidden suites' 30 s. */
const TIMEOUT_MS = Number(process.env.LAB_TEST_TIMEOUT_MS) || 30_000;

export function describeTask(id: string, body: () => void): void {
  const { meta } = currentChapter();
  const task = meta.tasks.find((t) => t.id === id);
  if (!task) throw new Error(`describeTask("${id}"): chapter.json declares no task ${id}`);
  // `npm run check -- 01 --task T2` runs one task's blocks only.
  const only = process.env.LAB_TASKS?.split(',');
  if (only && !only.includes(task.id)) return;
  describe(`${task.id} ${task.title}`, () => {
    before(() => {
      setCurrentTask(task.id);
      openScope();
    });
    after(closeScope);
    body();
  });
}

/** A test of the block it is declared in. */
export function it(name: string, fn: () => Promise<void> | void): void {
  nodeIt(name, { timeout: TIMEOUT_MS }, async () => {
    const started = beginTest();
    try {
      await fn();
    } catch (error) {
      // A test's own programs tell its story; shared ones only when it started none itself.
      throw withOutputs(error, started.size > 0 ? [...started] : scopedComponents());
    } finally {
      await endTest();
    }
  });
}

/** The error with the programs' last output appended to its message (and to the stack that reporters print). */
function withOutputs(error: unknown, components: Component[]): unknown {
  const tails = components
    .map((component) => ({ name: component.name, text: component.outputTail(OUTPUT_TAIL_BYTES).text.trimEnd() }))
    .filter((tail) => tail.text !== '');
  if (tails.length === 0 || !(error instanceof Error)) return error;
  const shown = tails.map((tail) => `--- last output of ${tail.name} ---\n${tail.text}`).join('\n');
  const heading = `${error.name}: ${error.message}`;
  error.message = `${error.message}\n${shown}`;
  if (error.stack?.startsWith(heading)) error.stack = `${error.name}: ${error.message}${error.stack.slice(heading.length)}`;
  return error;
}
