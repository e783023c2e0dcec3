// T6 · The balancer follows the registry: every interval it asks for the current instances of
// its service and makes the pool match, without a restart.
// Lesson: README.md, section "T6 · Service discovery".
import type { DiscoverySettings } from './config.ts';
import type { Pool } from './pool.ts';

export class Discovery {
  constructor(
    private readonly pool: Pool,
    private readonly settings: DiscoverySettings,
    private readonly log: (line: string) => void = console.log,
  ) {}

  start(): void {
    // TODO(T6): now and then every `settings.intervalMs`, GET
    // `${registryUrl}/services/${service}` and hand the instances to this.pool.replace().
    // Give each fetch a timeout. When the registry cannot be reached or answers nonsense,
    // keep the last known list: a registry outage must not empty the pool.
    void this.pool;
    void this.settings;
    this.log('balancer: TODO(T6): discovery is not written yet; the pool stays empty');
  }

  stop(): void {
    // TODO(T6): stop refreshing (the balancer calls this on SIGTERM).
  }
}
