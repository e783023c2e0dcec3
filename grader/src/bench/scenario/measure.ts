// Measuring several setups fairly on a shared machine: every setup is warmed up once, then the
// rounds run interleaved (A B C, A B C, ...) so a busy moment hits all setups alike, and each
// figure is the median of the rounds, never a single run.
import { driveSteady, type SteadyLoad } from '../drive.ts';
import { summarise } from '../stats.ts';

export interface Setup extends Omit<SteadyLoad, 'durationMs'> {
  /** Row name: "through the proxy", "nginx over 2 apps". */
  name: string;
}

export interface Measured {
  setup: Setup;
  /** Medians over the rounds. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  /** Requests that failed (network errors and 5xx answers), summed over the rounds. */
  failed: number;
  /** Each round's throughput, in order: the spread behind the median. */
  runs: number[];
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The order runs happen in: round by round, every setup once per round. */
export function interleavedOrder<T>(setups: readonly T[], rounds: number): T[] {
  return Array.from({ length: rounds }, () => setups).flat();
}

export async function measureSetups(setups: readonly Setup[], rounds: number, durationMs: number, log: (line: string) => void): Promise<Measured[]> {
  const warmupMs = Math.min(1000, durationMs);
  for (const setup of setups) await driveSteady({ ...setup, durationMs: warmupMs });
  const samples = new Map<Setup, { rps: number; p50: number; p90: number; p99: number; failed: number }[]>(setups.map((s) => [s, []]));
  for (const [i, setup] of interleavedOrder(setups, rounds).entries()) {
    const recorder = await driveSteady({ ...setup, durationMs });
    const summary = summarise(recorder, 'duration');
    const failed = summary.requests - summary.responses + Object.entries(summary.statuses).filter(([code]) => Number(code) >= 500).reduce((n, [, c]) => n + c, 0);
    const lat = summary.latencyMs;
    // Little's law: a closed loop of N connections never has more than N requests in flight.
    const inFlight = lat ? (lat.mean * lat.count) / summary.elapsedMs : 0;
    if (inFlight > setup.connections * 1.2) log(`warning: ${setup.name} had ${inFlight.toFixed(1)} requests in flight on ${setup.connections} connections (a server that closes keep-alive connections makes autocannon overlap requests)`);
    samples.get(setup)!.push({ rps: summary.requestsPerSecond, p50: lat?.p50 ?? Number.NaN, p90: lat?.p90 ?? Number.NaN, p99: lat?.p99 ?? Number.NaN, failed });
    log(`round ${Math.floor(i / setups.length) + 1}/${rounds} · ${setup.name}: ${Math.round(summary.requestsPerSecond)} requests/s`);
  }
  return setups.map((setup) => {
    const runs = samples.get(setup)!;
    return {
      setup,
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p90: median(runs.map((r) => r.p90)),
      p99: median(runs.map((r) => r.p99)),
      failed: runs.reduce((n, r) => n + r.failed, 0),
      runs: runs.map((r) => r.rps),
    };
  });
}
