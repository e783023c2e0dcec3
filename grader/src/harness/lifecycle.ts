// Ties components to the tests that start them: a component started inside a test is stopped
// after that test; one started in beforeAll lives until the end of its file. When a test fails,
// the output tails of the components it used travel to the report through the test's meta.
import { afterAll, afterEach, beforeAll, beforeEach, type TestContext } from 'vitest';
import { ENV } from './context.ts';
import type { Component } from './process.ts';

export interface OutputRecord {
  name: string;
  text: string;
  truncated: boolean;
  totalBytes: number;
}

declare module 'vitest' {
  interface TaskMeta {
    outputs?: OutputRecord[];
  }
}

const OUTPUT_TAIL_BYTES = 4096;

/** Components started outside any test, per describe block (innermost last). */
const scopes: Set<Component>[] = [new Set()];
let current: { started: Set<Component> } | undefined;
let startingShared = 0;

/** Called by the harness for every component it starts. */
export function track(component: Component): void {
  const inTest = current !== undefined && startingShared === 0;
  (inTest ? current!.started : scopes.at(-1)!).add(component);
}

/**
 * A component shared by the tests of one describe block, started by the first test that asks
 * for it (so a failed start is reported, with output, on a test) and stopped after the block.
 * A failed start is remembered: later tests fail at once with the same message.
 */
export function shared<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => {
    if (!started) {
      startingShared++;
      started = start();
      // Components register synchronously up to their first await; count down once settled.
      void started.then(
        () => startingShared--,
        () => startingShared--,
      );
    }
    return started;
  };
}

function attachOutputs(context: TestContext, components: Iterable<Component>): void {
  const outputs: OutputRecord[] = [];
  for (const component of components) {
    const tail = component.outputTail(OUTPUT_TAIL_BYTES);
    outputs.push({ name: component.name, ...tail });
  }
  if (outputs.length > 0) context.task.meta.outputs = outputs;
}

/**
 * Registers the hooks of one describe block; describeTask() calls it before the block's own
 * hooks, so its beforeAll runs first and its afterAll last.
 */
export function installLifecycle(): void {
  // When only the verdict matters (is this task lost?), the first failure settles it: the rest
  // of the task's tests are skipped instead of each waiting out its own deadline.
  const failFast = process.env[ENV.failFast] === '1';
  let lost = false;
  beforeAll(() => {
    scopes.push(new Set());
  });
  beforeEach((context) => {
    if (failFast && lost) return context.skip();
    const started = new Set<Component>();
    current = { started };
    context.onTestFailed(() => {
      lost = true;
      // A test's own programs tell its story; shared ones only when it started none itself.
      attachOutputs(context, started.size > 0 ? started : scopes.flatMap((scope) => [...scope]));
    });
  });
  afterEach(async () => {
    const started = current?.started ?? new Set<Component>();
    current = undefined;
    await Promise.all([...started].map((component) => component.stop()));
  });
  afterAll(async () => {
    const scope = scopes.pop() ?? new Set<Component>();
    await Promise.all([...scope].map((component) => component.stop()));
  });
}

// Anything started at file level, outside describe blocks, dies with the worker.
process.once('exit', () => {
  for (const component of scopes[0]!) component.signal('SIGKILL');
});
