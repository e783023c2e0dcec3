// Reference for T6: one fill per key at a time. The first caller runs the work; every caller
// that asks for the same key while it runs gets the same promise, so a burst of misses on a
// cold key costs one database read and one cache write.
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    // Forget the flight once it settles, failed or not: the next caller starts a fresh one
    // (a failure must not be served to callers that arrive after it).
    const flight = (async () => work())().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, flight);
    return flight;
  }

  /** Fills running now (for tests and /healthz). */
  get size(): number {
    return this.inFlight.size;
  }
}
