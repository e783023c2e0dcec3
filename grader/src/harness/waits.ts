// What the running test is waiting for: every request, poll and wait for an exit the harness
// makes registers itself here while it is pending. When a test's time budget runs out, the
// report can then say what the test was waiting for, instead of "it waited on your program".

export interface Wait {
  /** In words a learner understands: "a response to GET http://127.0.0.1:4100/healthz". */
  what: string;
  since: number;
}

/** Vitest's message when a test or hook runs out of its time budget. */
export const BUDGET_TIMEOUT = /^(Test|Hook) timed out in (\d+)ms/;

const pending = new Set<Wait>();

/** Registers a wait; call the returned function once it is over, however it ended. */
export function waitingFor(what: string): () => void {
  const wait = { what, since: Date.now() };
  pending.add(wait);
  return () => pending.delete(wait);
}

/**
 * The waits still pending that began at or after `start` (the start of a test: a wait left over
 * from an earlier test is not this one's story), oldest first.
 */
export function pendingWaits(start: number, now = Date.now()): string[] {
  return [...pending]
    .filter((wait) => wait.since >= start)
    .sort((a, b) => a.since - b.since)
    .map((wait) => `${wait.what} (pending for ${((now - wait.since) / 1000).toFixed(1)} s)`);
}
