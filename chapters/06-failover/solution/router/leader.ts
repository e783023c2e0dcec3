// Reference for T4 · Which node leads, as far as the router can tell. The view is rebuilt from
// the latest probe of every node, so it changes as soon as the nodes do; the highest epoch ever
// seen is the one thing it never forgets, because that is what keeps a stale leader out.
import type { NodeHealth } from './probe.ts';

export interface Leader {
  url: string;
  epoch: number;
}

export class LeaderTracker {
  /** The latest probe of each node: its health, or undefined when that probe failed. */
  private readonly latest = new Map<string, NodeHealth | undefined>();
  /** The highest epoch seen anywhere: in a probe, in an answer, in a 409's body. */
  private highest = 0;

  /** `nodes` in NODES order, which decides between two nodes claiming the same epoch. */
  constructor(private readonly nodes: readonly string[]) {}

  /** Records the latest probe of `url`; a failed probe (undefined) replaces what it said before. */
  record(url: string, health: NodeHealth | undefined): void {
    this.latest.set(url, health);
    if (health) this.learnEpoch(health.epoch);
  }

  /** An epoch seen elsewhere. True when it is newer than any seen so far: the view is out of date. */
  learnEpoch(epoch: number): boolean {
    if (epoch <= this.highest) return false;
    this.highest = epoch;
    return true;
  }

  /**
   * The node whose latest probe says "leader" with the highest epoch, provided no node has
   * shown a newer one. A former leader back from a pause still says "leader, epoch 1" after
   * epoch 2 began elsewhere: it must not get a single write.
   */
  current(): Leader | undefined {
    let best: Leader | undefined;
    for (const url of this.nodes) {
      const health = this.latest.get(url);
      if (health?.role !== 'leader') continue;
      if (best === undefined || health.epoch > best.epoch) best = { url, epoch: health.epoch };
    }
    return best !== undefined && best.epoch >= this.highest ? best : undefined;
  }
}
