// Provided (chapter 05) · The node's applied position in memory, and waiting for it to reach a number:
// a long poll waits for the leader's next entry, a read with X-Chirp-Min-Position waits for a
// follower to catch up. Whoever commits a change calls advance() after the commit.
export class PositionWatch {
  private waiters: { target: number; wake: () => void }[] = [];

  constructor(private position: number) {}

  get current(): number {
    return this.position;
  }

  /** Records a committed position (never goes backwards) and wakes whoever waited for it. */
  advance(position: number): void {
    if (position <= this.position) return;
    this.position = position;
    const ready = this.waiters.filter((w) => w.target <= position);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.target > position);
    for (const waiter of ready) waiter.wake();
  }

  /** After a snapshot replaced the data: the position may even go back (a former leader's did). */
  reset(position: number): void {
    if (position >= this.position) return this.advance(position);
    this.position = position;
  }

  /** Resolves true once the position is at least `target`, or false after `timeoutMs`. */
  waitFor(target: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= target) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        target,
        wake: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
