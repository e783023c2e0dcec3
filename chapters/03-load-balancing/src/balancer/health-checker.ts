// T3 · Active health checks: every interval each backend is probed; `fall` failed checks in a
// row take a healthy backend out of rotation, `rise` passed checks in a row bring it back.
// Lesson: README.md, section "T3 · Active health checks".
import type { HealthSettings } from './config.ts';
import type { Backend, Pool } from './pool.ts';
import { probe } from './probe.ts';

export class HealthChecker {
  constructor(
    private readonly pool: Pool,
    private readonly settings: HealthSettings,
    private readonly log: (line: string) => void = console.log,
  ) {}

  start(): void {
    // TODO(T3): unless `settings.intervalMs` is 0, probe every backend of the pool (it can
    // change: read `pool.all()` each time) every interval, with probe(backend, path, timeoutMs),
    // and pass each result to record(). Start the next round only when this one has finished.
    void probe;
    void this.pool;
  }

  stop(): void {
    // TODO(T3): stop the checks (the balancer calls this on SIGTERM).
  }

  /** Applies one check's result to the backend's streak and, at a threshold, its state. */
  record(backend: Backend, passed: boolean): void {
    // TODO(T3): count consecutive passes and failures per backend. A healthy backend with
    // `settings.fall` failures in a row becomes unhealthy; an unhealthy one with `settings.rise`
    // passes in a row becomes healthy again. Log both changes with this.log().
    void backend;
    void passed;
    throw new Error('TODO(T3): HealthChecker.record() is not written yet');
  }
}
