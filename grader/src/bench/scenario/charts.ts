// The charts every steady-state scenario draws from its measurements: throughput against a
// count (connections, backends) and the latency percentiles of each setup.
import { renderBarChart } from '../bar-chart.ts';
import { renderLineChart } from '../line-chart.ts';
import type { Measured } from './measure.ts';

export interface Point {
  /** The line this measurement belongs to ("through the proxy") and its x (8 connections). */
  line: string;
  x: number;
  measured: Measured;
}

export function throughputChart(title: string, xTitle: string, points: readonly Point[], note: string): Promise<string> {
  const lines = [...new Set(points.map((p) => p.line))];
  return renderLineChart({
    title,
    xTitle,
    unit: 'requests/s (median)',
    note,
    series: lines.map((name) => ({ name, points: points.filter((p) => p.line === name).map((p) => ({ x: p.x, y: p.measured.rps })) })),
  });
}

/** "balancer over 3 apps" -> "balancer over\n3 apps": cluster labels stay inside their cluster. */
export function wrapLabel(label: string, width = 14): string {
  const lines: string[] = [];
  for (const word of label.replace(/,/g, '').split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

export function latencyChart(title: string, measured: readonly Measured[], note: string): Promise<string> {
  return renderBarChart({
    title,
    unit: 'latency (ms, median of runs)',
    series: ['p50', 'p90', 'p99'],
    note,
    groups: measured.map((m) => ({
      label: wrapLabel(m.setup.name),
      bars: [{ series: 'p50', value: m.p50 }, { series: 'p90', value: m.p90 }, { series: 'p99', value: m.p99 }],
    })),
  });
}
