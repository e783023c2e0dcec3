// T8 · A hybrid logical clock (HLC). Every write a two-leader node makes carries a stamp from
// this clock, and a conflict between two leaders is settled by comparing stamps: the higher
// one is the last writer. A plain wall clock would do if clocks agreed; they do not, so the
// clock also counts, and it never runs behind a stamp it has seen. Lesson: README.md, "T8 ·
// Two leaders".

/** When a write happened, as a two-leader node sees it. */
export interface Stamp {
  /** Milliseconds since 1970: the highest wall-clock reading this clock has seen. */
  wall: number;
  /** Breaks ties within one `wall` value: events that happened in the same millisecond, or while the wall clock lagged. */
  count: number;
  /** NODE_ID of the node that made the write: the last tie-break, so no two stamps are ever equal. */
  node: string;
}

/** A total order on stamps: by wall, then count, then node (plain string order). */
export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.count !== b.count) return a.count < b.count ? -1 : 1;
  // Without this line two leaders that wrote in the same (wall, count) would each keep their own
  // write and never converge. Any fixed rule works, as long as both nodes apply the same one.
  if (a.node !== b.node) return a.node < b.node ? -1 : 1;
  return 0;
}

export class HybridClock {
  /** The latest (wall, count) this clock issued or observed. */
  private wall = 0;
  private count = 0;

  /**
   * @param node this node's NODE_ID, stamped on every write it makes
   * @param wallClock the physical clock, in ms since 1970 (it may be skewed or stopped: tests do both)
   */
  constructor(
    private readonly node: string,
    private readonly wallClock: () => number,
  ) {}

  /** A stamp for a local write: later than every stamp this clock issued or observed. */
  now(): Stamp {
    const physical = this.wallClock();
    if (physical > this.wall) {
      // The wall clock moved on: follow it and start counting again.
      this.wall = physical;
      this.count = 0;
    } else {
      // The wall clock is behind what we have seen (skew) or has not ticked: count instead.
      this.count++;
    }
    return { wall: this.wall, count: this.count, node: this.node };
  }

  /**
   * A stamp that arrived from the other leader: from now on, every local stamp is later than it.
   * This is what makes a write that was made after reading the peer's write win over it, even
   * when this node's wall clock is behind the peer's.
   */
  observe(remote: Stamp): void {
    if (remote.wall > this.wall || (remote.wall === this.wall && remote.count > this.count)) {
      this.wall = remote.wall;
      this.count = remote.count;
    }
  }
}
