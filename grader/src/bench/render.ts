// bench's output: a few aligned lines for people, or one JSON document for scripts.
import type { BenchOptions } from './args.ts';
import type { BenchSummary, LatencySummary } from './stats.ts';

export interface BenchReport extends BenchSummary {
  schema: 'scaling-lab/bench v1';
  target: { method: string; url: string; connections: number; durationS: number; warmupS: number };
  /** Sockets opened in the measured window: with keep-alive, at most --connections unless some broke. */
  connectionsOpened: number;
  /** The message of the first error of kind "other", to explain it. */
  otherErrorSample?: string;
}

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));

export function renderText(report: BenchReport): string {
  const { target, latencyMs: lat, errors } = report;
  const statuses = Object.entries(report.statuses).map(([status, n]) => `${status}: ${n}`);
  const errorParts = Object.entries(errors)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind}: ${n}`);
  const seconds = (report.elapsedMs / 1000).toFixed(2);
  const stop = report.stoppedBy === 'requests' ? ' (request count reached)' : '';
  const lines = [
    `${target.method} ${target.url} · ${target.connections} connection${target.connections === 1 ? '' : 's'} · ${seconds} s${stop}`,
    `  throughput  ${report.requestsPerSecond.toFixed(1)} requests/s (${report.responses} responses, ${report.connectionsOpened} connection${report.connectionsOpened === 1 ? '' : 's'} opened)`,
    lat
      ? `  latency     p50 ${ms(lat.p50)} ms · p90 ${ms(lat.p90)} ms · p99 ${ms(lat.p99)} ms · max ${ms(lat.max)} ms · mean ${ms(lat.mean)} ms`
      : '  latency     (no response received)',
    `  status      ${statuses.length > 0 ? statuses.join(' · ') : '(none)'}`,
    `  errors      ${errorParts.length > 0 ? errorParts.join(' · ') : 'none'}`,
  ];
  if (report.otherErrorSample) lines.push(`              first "other" error: ${report.otherErrorSample}`);
  if (errors.refused > 0) lines.push('              refused: nothing accepted the connection (is the server running on that port?)');
  // Per second, "answered/failed": a server that dies mid-run shows as a cliff here.
  if (report.perSecond.length > 1) {
    const cells = report.perSecond.map((b, i) => `${i + 1}s ${b.responses}/${b.errors}`);
    lines.push('  per second  answered/failed');
    for (let i = 0; i < cells.length; i += 8) lines.push(`              ${cells.slice(i, i + 8).join(' · ')}`);
  }
  return `${lines.join('\n')}\n`;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Microseconds are the most a loopback timer can honestly tell apart. */
function roundAll(latency: LatencySummary): LatencySummary {
  const { count, ...times } = latency;
  return { count, ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, round(v, 3)])) } as LatencySummary;
}

export function toReport(options: BenchOptions, summary: BenchSummary, connectionsOpened: number, otherErrorSample: string | undefined): BenchReport {
  return {
    schema: 'scaling-lab/bench v1',
    target: {
      method: options.method,
      url: options.url.href,
      connections: options.connections,
      durationS: options.durationMs / 1000,
      warmupS: options.warmupMs / 1000,
    },
    ...summary,
    elapsedMs: round(summary.elapsedMs, 1),
    requestsPerSecond: round(summary.requestsPerSecond, 1),
    latencyMs: summary.latencyMs && roundAll(summary.latencyMs),
    connectionsOpened,
    ...(otherErrorSample === undefined ? {} : { otherErrorSample }),
  };
}
