// Seeded random inputs: the same seed gives the same run (print it, pass --seed to replay),
// a new seed gives new data, so an answer hard-coded for one run fails the next.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1): mulberry32, small and good enough for test data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() needs at least one item');
    return items[this.int(0, items.length - 1)]!;
  }

  /** `length` characters drawn from `alphabet`. */
  string(alphabet: string, length: number): string {
    const chars = [...alphabet];
    return Array.from({ length }, () => this.pick(chars)).join('');
  }

  /** A fresh generator derived from this one, so adding a draw in one test leaves others alone. */
  fork(label: string): Random {
    let hash = this.int(0, 2 ** 31);
    for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    return new Random(hash);
  }
}
