// Reference for T3: active health checks. Every interval each backend is probed; `fall` failed
// checks in a row take a healthy backend out of rotation, `rise` passed checks in a row bring
// it back. The thresholds keep one lost packet from evicting a backend, and one lucky answer
// from readmitting a sick one.
import type { HealthSettings } from './config.ts';
import type { Backend, Pool } from './pool.ts';
import { probe } from './probe.ts';

interface Streak {
  passed: number;
  failed: number;
}

export class HealthChecker {
  /** Consecutive results per backend; a WeakMap, so backends that leave the pool are forgotten. */
  private readonly streaks = new WeakMap<Backend, Streak>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly pool: Pool,
    private readonly settings: HealthSettings,
    private readonly log: (line: string) => void = console.log,
  ) {}

  start(): void {
    if (this.settings.intervalMs === 0 || !this.stopped) return;
    this.stopped = false;
    void this.round();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * Probes every backend at once, then waits one interval before the next round. Scheduling the
   * next round only after this one ends means checks never pile up on a backend that is slow
   * to answer them.
   */
  private async round(): Promise<void> {
    const { path, timeoutMs, intervalMs } = this.settings;
    await Promise.all(this.pool.all().map(async (backend) => this.record(backend, await probe(backend, path, timeoutMs))));
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.round(), intervalMs);
    this.timer.unref();
  }

  /** Applies one check's result to the backend's streak and, at a threshold, its state. */
  record(backend: Backend, passed: boolean): void {
    const streak = this.streaks.get(backend) ?? { passed: 0, failed: 0 };
    this.streaks.set(backend, streak);
    if (passed) {
      streak.passed++;
      streak.failed = 0;
      if (!backend.healthy && streak.passed >= this.settings.rise) {
        backend.healthy = true;
        this.log(`balancer: ${backend.url} is healthy again after ${streak.passed} passed checks`);
      }
    } else {
      streak.failed++;
      streak.passed = 0;
      if (backend.healthy && streak.failed >= this.settings.fall) {
        backend.healthy = false;
        this.log(`balancer: ${backend.url} is unhealthy after ${streak.failed} failed checks`);
      }
    }
  }
}
