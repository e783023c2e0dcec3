// T6 · Request coalescing (lesson: README.md#t6-request-coalescing)
//
// One fill per key at a time: while a fill of a key runs, every other caller asking for that
// key should wait for the same result instead of starting its own database read.
export class SingleFlight<T> {
  run(key: string, work: () => Promise<T>): Promise<T> {
    // TODO(T6): keep the promise of the fill in progress for `key` in a Map and hand it to
    // every caller that arrives before it settles; forget it once it settles (success or not).
    void key;
    return work();
  }
}
