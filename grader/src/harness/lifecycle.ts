// The Vitest side of the hidden suites' lifecycle (components.ts keeps which test owns what):
// a component started inside a test is stopped after that test; one started in beforeAll lives
// until the end of its block. When a test fails, what its programs did (diagnosis.ts: a crash,
// the output tails, what a timed-out test waited for) travels to the report through its meta.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ENV } from './context.ts';
import { beginTest, closeScope, endTest, openScope, scopedComponents } from './components.ts';
import { diagnose, endWatch, notRunMessage, type OutputRecord, type TestWatch, watchTest } from './diagnosis.ts';
import { LabFailure } from './failure.ts';
import type { Component } from './process.ts';

export type { OutputRecord } from './diagnosis.ts';

declare module 'vitest' {
  interface TaskMeta {
    outputs?: OutputRecord[];
    /** What happened to a program during the test (it crashed), said before the test's own message. */
    cause?: string;
    /** What a test whose time budget ran out was still waiting for. */
    waitingFor?: string[];
  }
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
  // Always: once a failure shows the task's programs dead, never ready or silent, the rest of
  // the task fails at once with that as the reason (a hung program costs one deadline, not one
  // per test).
  let settled: string | undefined;
  let running: { started: Set<Component>; watch: TestWatch } | undefined;
  beforeAll(openScope);
  beforeEach((context) => {
    running = undefined;
    if (failFast && lost) return context.skip();
    if (settled) throw new LabFailure(settled);
    const test = { started: beginTest(), watch: watchTest(scopedComponents()) };
    running = test;
    context.onTestFailed(() => {
      lost = true;
      const diagnosis = diagnose(test.watch, context.task.result?.errors?.[0]?.message ?? '');
      if (diagnosis.settles) settled ??= notRunMessage(context.task.name, diagnosis.settles);
      const { meta } = context.task;
      if (diagnosis.outputs.length > 0) meta.outputs = diagnosis.outputs;
      if (diagnosis.cause) meta.cause = diagnosis.cause;
      if (diagnosis.waitingFor) meta.waitingFor = diagnosis.waitingFor;
    });
  });
  afterEach(async (context) => {
    // Before teardown: stopping the programs ends the waits a timed-out test was stuck in.
    if (running) await endWatch(running.watch, running.started, scopedComponents(), context.task.result?.state === 'fail');
    running = undefined;
    await endTest();
  });
  afterAll(closeScope);
}
