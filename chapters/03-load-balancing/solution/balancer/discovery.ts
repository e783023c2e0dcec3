// Reference for T6: the balancer follows the registry. Every interval it asks for the current
// instances of its service and makes the pool match. When the registry cannot be reached, the
// last known list stays: a registry outage must not take the whole site down with it.
import type { DiscoverySettings } from './config.ts';
import type { Pool } from './pool.ts';

/** One entry of GET /services/:service on the registry (the fields the balancer uses). */
interface ListedInstance {
  url: string;
  weight?: number;
}

export class Discovery {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  /** Only the first failure of a streak is logged, not one line per interval. */
  private failing = false;

  constructor(
    private readonly pool: Pool,
    private readonly settings: DiscoverySettings,
    private readonly log: (line: string) => void = console.log,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async refresh(): Promise<void> {
    const { registryUrl, service, intervalMs } = this.settings;
    try {
      // The timeout keeps a paused registry from freezing the refresh loop.
      const res = await fetch(`${registryUrl}/services/${encodeURIComponent(service)}`, { signal: AbortSignal.timeout(Math.max(intervalMs, 1000)) });
      if (!res.ok) throw new Error(`the registry answered ${res.status}`);
      const body = (await res.json()) as { instances?: ListedInstance[] };
      if (!Array.isArray(body.instances)) throw new Error('the registry answered without an "instances" list');
      const { added, removed } = this.pool.replace(body.instances.map((i) => ({ url: new URL(i.url).origin, weight: i.weight ?? 1 })));
      for (const url of added) this.log(`balancer: ${url} joined ${service}`);
      for (const url of removed) this.log(`balancer: ${url} left ${service}`);
      if (this.failing) this.log('balancer: the registry is reachable again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.log(`balancer: cannot refresh ${service} from ${registryUrl} (${(error as Error).message}); keeping the last known ${this.pool.all().length} backend(s)`);
      this.failing = true;
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }
}
