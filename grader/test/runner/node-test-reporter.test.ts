// The reporter that turns Node's test events into the grader's outcomes: blocks around each
// test, the thrown error rather than the runner's wrapper, timeouts, and files that cannot load.
import { describe, expect, it } from 'vitest';
import nodeTestReporter from '../../src/runner/node-test-reporter.mjs';

type Event = { type: string; data: Record<string, unknown> };

async function report(events: Event[]): Promise<unknown[]> {
  async function* source() {
    yield* events;
  }
  const lines: unknown[] = [];
  for await (const line of nodeTestReporter(source())) lines.push(JSON.parse(line));
  return lines;
}

function failure(cause: Error, failureType = 'testCodeFailure'): Error {
  return Object.assign(new Error('test failed', { cause }), { failureType });
}

const labFailure = Object.assign(new Error('GET /hello: expected status 200, got 404'), { name: 'LabFailure' });

describe('the node:test reporter of the visible tests', () => {
  it('names each test with the blocks around it, per file, even when files interleave', async () => {
    const lines = await report([
      { type: 'test:start', data: { name: 'T1 Say hello', nesting: 0, file: 'a.test.ts' } },
      { type: 'test:start', data: { name: 'T2 Say goodbye', nesting: 0, file: 'b.test.ts' } },
      { type: 'test:start', data: { name: 'says hello', nesting: 1, file: 'a.test.ts' } },
      { type: 'test:start', data: { name: 'says bye', nesting: 1, file: 'b.test.ts' } },
      { type: 'test:pass', data: { name: 'says hello', nesting: 1, file: 'a.test.ts', details: { duration_ms: 12.4 } } },
      { type: 'test:fail', data: { name: 'says bye', nesting: 1, file: 'b.test.ts', details: { duration_ms: 3, error: failure(labFailure) } } },
      { type: 'test:pass', data: { name: 'T1 Say hello', nesting: 0, file: 'a.test.ts', details: { type: 'suite' } } },
      { type: 'test:fail', data: { name: 'T2 Say goodbye', nesting: 0, file: 'b.test.ts', details: { type: 'suite', error: new Error('1 subtest failed') } } },
    ]);
    expect(lines).toEqual([
      { outcome: { file: 'a.test.ts', suites: ['T1 Say hello'], name: 'says hello', state: 'pass', durationMs: 12 } },
      { outcome: { file: 'b.test.ts', suites: ['T2 Say goodbye'], name: 'says bye', state: 'fail', durationMs: 3, message: 'GET /hello: expected status 200, got 404' } },
    ]);
  });

  it('keeps the stack of an error that is not a learner-facing failure (a bug in a test)', async () => {
    const [line] = await report([
      { type: 'test:start', data: { name: 'T1 Say hello', nesting: 0, file: 'a.test.ts' } },
      { type: 'test:fail', data: { name: 'x', nesting: 1, file: 'a.test.ts', details: { error: failure(new TypeError('boom')) } } },
    ]);
    expect(line).toMatchObject({ outcome: { state: 'fail', message: 'TypeError: boom', stack: expect.stringContaining('TypeError: boom') } });
  });

  it('says a timeout is the time budget running out', async () => {
    const timeout = Object.assign(new Error('test timed out after 30000ms'), { failureType: 'testTimeoutFailure' });
    const [line] = await report([
      { type: 'test:start', data: { name: 'T1 Say hello', nesting: 0, file: 'a.test.ts' } },
      { type: 'test:fail', data: { name: 'x', nesting: 1, file: 'a.test.ts', details: { error: timeout } } },
    ]);
    expect(line).toMatchObject({ outcome: { message: "test timed out after 30000ms: the test's time budget ran out while it waited on your program" } });
  });

  it('reports a file that cannot load as an error with what its process printed, and ignores a file with nothing to run', async () => {
    const lines = await report([
      { type: 'test:stderr', data: { file: '/c/broken.test.ts', message: "SyntaxError: Unexpected identifier 'error'\n" } },
      { type: 'test:fail', data: { name: '/c/broken.test.ts', nesting: 0, file: '/c/broken.test.ts', details: { error: failure(new Error('test failed')) } } },
      { type: 'test:pass', data: { name: '/c/filtered.test.ts', nesting: 0, file: '/c/filtered.test.ts', details: {} } },
    ]);
    expect(lines).toEqual([{ error: "/c/broken.test.ts could not run: SyntaxError: Unexpected identifier 'error'" }]);
  });
});
