// Ctrl-C, SIGTERM or a closed terminal to the grader (grade, verify, classroom), or its output
// closed by the program reading it (`npm run grade -- 01 | head -3`): leave nothing running and
// nothing behind, then exit as a signal would have ended it (130, 143, 129, 141).
import { killChildren, removeRegisteredFolders } from '../runner/leftovers.ts';
import { abortActiveRuns } from '../runner/sweep.ts';

const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  // The terminal closed: its process group gets SIGHUP, but the learner's programs run in groups
  // of their own and would live on.
  ['SIGHUP', 129],
] as const;

/** 128 + SIGPIPE, what a shell reports for a program whose reader went away. */
const OUTPUT_CLOSED = 141;

/**
 * @param stopWorkers also SIGKILL this process's children (grade, verify: test workers, which
 * would go on grading); not for the classroom, whose children are graders that clean up after
 * themselves on the SIGTERM they get from its exit handler.
 */
export function cleanUpOnInterrupt(name: string, stopWorkers: boolean): void {
  let stopping = false;
  const stop = (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    // Workers first: a worker still running would start processes or write into the folders removed next.
    if (stopWorkers) killChildren();
    const killed = abortActiveRuns();
    removeRegisteredFolders();
    const message = `${name}: ${why}: stopped${killed > 0 ? ` the ${killed} process${killed === 1 ? '' : 'es'} still running and` : ''} removed this run's folders\n`;
    // Synchronous, and it may fail: stderr may be the stream that closed.
    try {
      process.stderr.write(message);
    } catch {
      // Nobody left to tell.
    }
    process.exit(code);
  };
  for (const [signal, code] of SIGNALS) process.once(signal, () => stop(signal, code));
  // Node ignores SIGPIPE: a write to a closed pipe fails later, as an error on the stream, and an
  // error nobody handles would end the grader at once, its test workers left running alone.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stop('its output was closed', OUTPUT_CLOSED);
    });
  }
}
