// Ctrl-C or SIGTERM to the grader (grade, verify, classroom): leave nothing running and nothing
// behind, then exit as interrupted (130, 143).
import { killChildren, removeRegisteredFolders } from '../runner/leftovers.ts';
import { abortActiveRuns } from '../runner/sweep.ts';

/**
 * @param stopWorkers also SIGKILL this process's children (grade, verify: test workers, which
 * would go on grading); not for the classroom, whose children are graders that clean up after
 * themselves on the SIGTERM they get from its exit handler.
 */
export function cleanUpOnInterrupt(name: string, stopWorkers: boolean): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      // Workers first: a worker still running would start processes or write into the folders removed next.
      if (stopWorkers) killChildren();
      const killed = abortActiveRuns();
      removeRegisteredFolders();
      process.stderr.write(`${name}: ${signal}: stopped${killed > 0 ? ` the ${killed} process${killed === 1 ? '' : 'es'} still running and` : ''} removed this run's folders\n`);
      process.exit(code);
    });
  }
}
