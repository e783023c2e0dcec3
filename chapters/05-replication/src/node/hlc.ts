// T8 · A hybrid logical clock (HLC). Every write a two-leader node makes carries a stamp from
// this clock, and a conflict between the two leaders is settled by comparing stamps: the
// higher one is the last writer. Wall clocks disagree between machines, so the clock also
// counts, and it never runs behind a stamp it has seen.
// Lesson: README.md, "T8 · Two leaders".

/** When a write happened, as a two-leader node sees it. */
export interface Stamp {
  /** Milliseconds since 1970: the highest wall-clock reading this clock has issued or seen. */
  wall: number;
  /** Orders events with the same `wall` (the same millisecond, or a wall clock that lags). */
  count: number;
  /** NODE_ID of the node that made the write: the last tie-break. */
  node: string;
}

/** A total order on stamps: negative when a < b, positive when a > b, 0 only for the same stamp. */
export function compareStamps(a: Stamp, b: Stamp): number {
  // TODO(T8): compare by wall, then count, then node (plain string order: "b" > "a").
  void [a, b];
  throw new Error('TODO(T8): compare stamps');
}

export class HybridClock {
  /**
   * @param node this node's NODE_ID, stamped on every write it makes
   * @param wallClock the physical clock in ms since 1970. Read the time only through it: the
   *   tests skew it (CLOCK_SKEW_MS) or stop it (CLOCK_STOPPED_AT_MS).
   */
  constructor(
    private readonly node: string,
    private readonly wallClock: () => number,
  ) {}

  /** A stamp for a local write: later than every stamp this clock issued or observed before. */
  now(): Stamp {
    // TODO(T8): keep the latest (wall, count). If the wall clock is ahead of it, take the wall
    // clock's reading with count 0; otherwise keep wall and add one to count.
    void [this.node, this.wallClock];
    throw new Error('TODO(T8): a stamp for a local write');
  }

  /** A stamp that came from the other leader: every later now() must be above it. */
  observe(remote: Stamp): void {
    // TODO(T8): if (remote.wall, remote.count) is above the latest (wall, count), take it.
    void remote;
    throw new Error('TODO(T8): observe a remote stamp');
  }
}
