// Collects the outcome of every request of one phase (warm-up or measurement).
import type { ErrorKind } from './stats.ts';

/** Node's error codes for a connection that was refused, or broken mid-request. */
const KINDS: Record<string, ErrorKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ERR_STREAM_PREMATURE_CLOSE: 'reset',
  BENCH_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
};

/** Width of one bucket of `timeline`. */
export const TIMELINE_MS = 100;

export function classifyError(error: unknown): ErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && KINDS[code]) || 'other';
}

export class Recorder {
  readonly latencies: number[] = [];
  readonly statuses = new Map<number, number>();
  readonly errors: Record<ErrorKind, number> = { refused: 0, reset: 0, timeout: 0, other: 0 };
  /** The first message of an "other" error, so a surprise can be explained in the output. */
  otherSample: string | undefined;
  connectionsOpened = 0;
  /** Outcomes by the second they completed in: shows the moment a server stopped answering. */
  readonly perSecond: { responses: number; errors: number }[] = [];
  /**
   * Outcomes by the 100 ms they completed in, with 5xx answers counted as failed: the shape of a
   * failover window (a proxy answering 502 for a dead backend has failed its user too).
   */
  readonly timeline: { ok: number; failed: number }[] = [];
  private readonly startedAt = performance.now();

  /** `seconds`: how many per-second buckets the phase has; later completions join the last. */
  constructor(private readonly seconds = Infinity) {}
  private endedAt: number | undefined;

  response(status: number, latencyMs: number): void {
    this.latencies.push(latencyMs);
    this.bucket().responses++;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.slot()[status >= 500 ? 'failed' : 'ok']++;
  }

  error(error: unknown): void {
    const kind = classifyError(error);
    this.errors[kind]++;
    this.bucket().errors++;
    this.slot().failed++;
    if (kind === 'other') this.otherSample ??= error instanceof Error ? error.message : String(error);
  }

  private bucket(): { responses: number; errors: number } {
    // Requests still in flight at the deadline finish a moment later: count them in the last
    // second rather than in a near-empty extra one.
    const second = Math.min(Math.floor(this.elapsedMs() / 1000), this.seconds - 1);
    while (this.perSecond.length <= second) this.perSecond.push({ responses: 0, errors: 0 });
    return this.perSecond[second]!;
  }

  private slot(): { ok: number; failed: number } {
    const index = Math.floor(this.elapsedMs() / TIMELINE_MS);
    while (this.timeline.length <= index) this.timeline.push({ ok: 0, failed: 0 });
    return this.timeline[index]!;
  }

  finish(): void {
    this.endedAt ??= performance.now();
  }

  elapsedMs(): number {
    return (this.endedAt ?? performance.now()) - this.startedAt;
  }
}
