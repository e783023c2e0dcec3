// What a run measured, boiled down: throughput, latency percentiles, status codes, errors.
import type { Recorder } from './recorder.ts';

export type ErrorKind = 'refused' | 'reset' | 'timeout' | 'other';

export interface LatencySummary {
  /** How many latencies the percentiles are computed from (requests that got a response). */
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface BenchSummary {
  /** Requests started in the measured window; each ends as a response or an error. */
  requests: number;
  responses: number;
  errors: Record<ErrorKind, number>;
  /** Response counts by status code, e.g. { "200": 1234 }. */
  statuses: Record<string, number>;
  elapsedMs: number;
  /** Responses (of any status) per second of the measured window. */
  requestsPerSecond: number;
  /** Milliseconds from sending a request to the last byte of its response; null if none. */
  latencyMs: LatencySummary | null;
  /** Responses and errors completed in each second of the run (the last one may be partial). */
  perSecond: { responses: number; errors: number }[];
  /** Why the run ended: the clock ran out, or the --requests count was reached. */
  stoppedBy: 'duration' | 'requests';
}

/**
 * Nearest-rank percentile: the smallest value that at least p% of the values are at or below.
 * It is always one of the measured values, never an interpolation. `sorted` is ascending.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new Error('percentile() of no values');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1]!;
}

export function summariseLatencies(latencies: number[]): LatencySummary | null {
  if (latencies.length === 0) return null;
  // A typed array sorts numerically (a plain array sort would compare as strings).
  const sorted = Float64Array.from(latencies).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    mean: total / sorted.length,
  };
}

export function summarise(recorder: Recorder, stoppedBy: BenchSummary['stoppedBy']): BenchSummary {
  const elapsedMs = recorder.elapsedMs();
  const responses = recorder.latencies.length;
  const errors = { ...recorder.errors };
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    requests: responses + failed,
    responses,
    errors,
    statuses: Object.fromEntries([...recorder.statuses].sort(([a], [b]) => a - b).map(([status, n]) => [String(status), n])),
    elapsedMs,
    requestsPerSecond: elapsedMs > 0 ? (responses * 1000) / elapsedMs : 0,
    latencyMs: summariseLatencies(recorder.latencies),
    perSecond: recorder.perSecond.map((b) => ({ ...b })),
    stoppedBy,
  };
}
