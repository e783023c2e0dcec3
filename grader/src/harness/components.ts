// Which test owns which running component, independent of the test framework: a component
// started inside a test belongs to that test and is stopped after it; one started outside any
// test (or through shared()) belongs to the innermost open scope (a describe block) and is
// stopped when the scope closes. The Vitest hooks (lifecycle.ts) and the node:test helpers of
// the visible tests (node-test.ts) both drive this.
import type { Component } from './process.ts';

/** Components started outside any test, per open scope (innermost last). */
const scopes: Set<Component>[] = [new Set()];
let current: Set<Component> | undefined;
let startingShared = 0;

/** Called by the harness for every component it starts. */
export function track(component: Component): void {
  const inTest = current !== undefined && startingShared === 0;
  (inTest ? current! : scopes.at(-1)!).add(component);
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

export function openScope(): void {
  scopes.push(new Set());
}

/** Stops every component of the innermost scope. */
export async function closeScope(): Promise<void> {
  const scope = scopes.pop() ?? new Set<Component>();
  await Promise.all([...scope].map((component) => component.stop()));
}

/** Starts collecting the components a test starts; returns the live set. */
export function beginTest(): Set<Component> {
  current = new Set();
  return current;
}

/** Stops the components the running test started. */
export async function endTest(): Promise<void> {
  const started = current ?? new Set<Component>();
  current = undefined;
  await Promise.all([...started].map((component) => component.stop()));
}

/** Every component alive in an open scope (the shared ones a failing test may have used). */
export function scopedComponents(): Component[] {
  return scopes.flatMap((scope) => [...scope]);
}

// Whatever still runs when the worker exits dies with it: what was started at file level,
// outside describe blocks, and, when the worker leaves in the middle of a file (its grader gone,
// worker-guard.mjs), what the open blocks and the running test started.
process.once('exit', () => {
  for (const component of [...scopes.flatMap((scope) => [...scope]), ...(current ?? [])]) component.signal('SIGKILL');
});
