// A reporter for Node's test runner (loaded with --test-reporter by run-node-tests.ts): one JSON
// line per finished test on stdout, with the describe blocks around it, so the grader scores
// the visible tests exactly as it scores the hidden ones. Plain JavaScript: Node loads
// reporters before any --import hook, so tsx cannot compile this file. Events arrive in report
// order, per file: a block's start comes before its tests, so a stack of open names per file
// is enough. The line shapes are ReportedLine in node-test-reporter.d.mts.

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* nodeTestReporter(source) {
  /** @type {Map<string, string[]>} */
  const open = new Map();
  /** What each file's process wrote to stderr: the reason, when a file cannot load. @type {Map<string, string>} */
  const stderr = new Map();
  for await (const { type, data } of source) {
    const file = data.file ?? '';
    if (type === 'test:stderr') {
      stderr.set(file, `${stderr.get(file) ?? ''}${data.message}`.slice(-4096));
      continue;
    }
    const stack = open.get(file) ?? [];
    open.set(file, stack);
    if (type === 'test:start') {
      stack.length = data.nesting;
      stack.push(data.name);
      continue;
    }
    if ((type !== 'test:pass' && type !== 'test:fail') || data.details?.type === 'suite') continue;
    const suites = stack.slice(0, data.nesting);
    const durationMs = Math.round(data.details?.duration_ms ?? 0);
    // The file itself, reported as a test when it registered none (every block filtered out by
    // --task) or could not load.
    const wholeFile = suites.length === 0 && data.name === file;
    if (wholeFile && type === 'test:pass') continue;
    if (type === 'test:pass') {
      yield line({ outcome: { file, suites, name: data.name, state: 'pass', durationMs } });
      continue;
    }
    const error = data.details?.error;
    if (wholeFile) {
      yield line({ error: `${file} could not run: ${stderr.get(file)?.trim() || thrown(error).message}` });
      continue;
    }
    yield line({ outcome: { file, suites, name: data.name, state: 'fail', durationMs, ...explain(error) } });
  }
}

function line(value) {
  return `${JSON.stringify(value)}\n`;
}

/** The runner wraps what the test threw; the learner needs the thrown error itself. */
function thrown(error) {
  return error.cause instanceof Error ? error.cause : error;
}

function explain(error) {
  if (!error) return { message: 'failed without an error message' };
  if (error.failureType === 'testTimeoutFailure') {
    return { message: `${error.message}: the test's time budget ran out while it waited on your program` };
  }
  const cause = thrown(error);
  if (cause.name === 'LabFailure' || cause.name === 'RequestFailure') return { message: cause.message };
  return { message: `${cause.name}: ${cause.message}`, stack: cause.stack };
}
