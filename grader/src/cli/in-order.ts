// Runs slow pieces of work side by side but reports them in their own order, so that a log reads
// the same whatever finished first (verify's mutant grades: each is a whole grading run).

/**
 * Calls `work` on every item, at most `limit` at once (they start in the items' order), and
 * hands each result to `report` in the items' order, as soon as it and every earlier one are
 * done. If a piece of work rejects, the call rejects with that reason once every piece has
 * ended (none is left running unwatched); nothing after it is reported.
 */
export async function forEachInOrder<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  report: (result: R, item: T) => void,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number of at least 1, got ${limit}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  // Turns are handed out first come, first served: the items were queued in order.
  const acquire = () => {
    if (running < limit) {
      running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const nextInLine = waiting.shift();
    if (nextInLine) nextInLine();
    else running--;
  };
  const outcomes = items.map((item) =>
    acquire()
      .then(() => work(item))
      .finally(release)
      .then(
        (value): PromiseSettledResult<R> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseSettledResult<R> => ({ status: 'rejected', reason }),
      ),
  );
  let failure: { reason: unknown } | undefined;
  for (const [i, pending] of outcomes.entries()) {
    const outcome = await pending;
    if (outcome.status === 'rejected') failure ??= { reason: outcome.reason };
    else if (!failure) report(outcome.value, items[i]!);
  }
  if (failure) throw failure.reason;
}
