// Provided · the router's eyes. Every PROBE_INTERVAL_MS each node is probed (probe.ts) and the
// result handed to your LeaderTracker (leader.ts). Each node has its own loop, and at most one
// probe of a node is in flight at any time, so a paused node never collects a pile of them.
// refresh() is for the request path (handler.ts): it looks at every node now, when a write has
// just shown that the router's view is out of date.
// Lesson: README.md, section "T4 · The entry point follows the leader".
import type { RouterConfig } from './config.ts';
import type { Leader, LeaderTracker } from './leader.ts';
import { probeHealth } from './probe.ts';

interface Watched {
  readonly url: string;
  /** The probe under way, if any, and its number (probes are numbered as they start). */
  inflight?: Promise<void>;
  serial: number;
  timer?: NodeJS.Timeout;
}

const describe = (leader: Leader | undefined) => (leader ? `${leader.url} in epoch ${leader.epoch}` : 'none');

export class Watcher {
  private readonly nodes: Watched[];
  private stopped = false;
  private shown = 'none';
  private started = 0;

  constructor(
    urls: readonly string[],
    private readonly tracker: LeaderTracker,
    private readonly settings: Pick<RouterConfig, 'probeIntervalMs' | 'probeTimeoutMs'>,
  ) {
    this.nodes = urls.map((url) => ({ url, serial: 0 }));
  }

  /** Probes every node now, then each again PROBE_INTERVAL_MS after its last probe ended. */
  start(): void {
    for (const node of this.nodes) this.loop(node);
  }

  /**
   * Probes every node now and resolves once each has answered or timed out. A probe that was
   * already under way when refresh() was called may have started before the change the caller
   * has just seen, so it is waited for and followed by a new one.
   */
  async refresh(): Promise<void> {
    const before = this.started;
    await Promise.all(this.nodes.map((node) => this.probeAfter(node, before)));
  }

  stop(): void {
    this.stopped = true;
    for (const node of this.nodes) clearTimeout(node.timer);
  }

  private loop(node: Watched): void {
    if (this.stopped) return;
    // A probe under way (a refresh's) is as good as a new one: never two at once.
    void this.probeAfter(node, -1).then(() => {
      if (!this.stopped) node.timer = setTimeout(() => this.loop(node), this.settings.probeIntervalMs);
    });
  }

  /** A probe of `node` numbered above `after`: the one under way, or a new one. */
  private async probeAfter(node: Watched, after: number): Promise<void> {
    while (node.inflight) {
      if (node.serial > after) return node.inflight;
      await node.inflight;
    }
    if (this.stopped) return;
    node.serial = ++this.started;
    const probe = this.probe(node.url).finally(() => {
      node.inflight = undefined;
    });
    node.inflight = probe;
    return probe;
  }

  private async probe(url: string): Promise<void> {
    const health = await probeHealth(url, this.settings.probeTimeoutMs);
    if (this.stopped) return;
    try {
      this.tracker.record(url, health);
      const now = describe(this.tracker.current());
      if (now !== this.shown) console.log(`router: leader ${now}`);
      this.shown = now;
    } catch (error) {
      // Only a bug in leader.ts lands here; the loop goes on.
      console.error(`router: LeaderTracker failed on a probe of ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
