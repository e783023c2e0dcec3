// The Vitest side of the hidden suites' lifecycle (components.ts keeps which test owns what):
// a component started inside a test is stopped after that test; one started in beforeAll lives
// until the end of its block. When a test fails, the output tails of the components it used
// travel to the report through the test's meta.
import { afterAll, afterEach, beforeAll, beforeEach, type TestContext } from 'vitest';
import { ENV } from './context.ts';
import { beginTest, closeScope, endTest, openScope, scopedComponents } from './components.ts';
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
  beforeAll(openScope);
  beforeEach((context) => {
    if (failFast && lost) return context.skip();
    const started = beginTest();
    context.onTestFailed(() => {
      lost = true;
      // A test's own programs tell its story; shared ones only when it started none itself.
      attachOutputs(context, started.size > 0 ? started : scopedComponents());
    });
  });
  afterEach(endTest);
  afterAll(closeScope);
}
