// One measure against a count (throughput against connections, or against backends), one line
// per setup, as a Vega-Lite spec: where a curve flattens is where something ran out.
import { formatValue } from './bar-chart.ts';
import { type ChartSpec, renderVegaLite, SERIES_COLOURS } from './charts/vega.ts';

export interface LineSeries {
  name: string;
  points: readonly { x: number; y: number }[];
}

export interface LineChartOptions {
  title: string;
  /** The x axis: "connections", "backends". */
  xTitle: string;
  /** The y axis: "requests/s". */
  unit: string;
  series: readonly LineSeries[];
  note?: string;
}

export function lineChartSpec(options: LineChartOptions): ChartSpec {
  // Odd series write their values below the point, so two lines that meet do not overprint.
  const values = options.series.flatMap((s, i) => s.points.filter((p) => Number.isFinite(p.y)).map((p) => ({ setup: s.name, x: p.x, y: p.y, text: formatValue(p.y), below: i % 2 === 1 })));
  const xs = [...new Set(values.map((v) => v.x))].sort((a, b) => a - b);
  const encoding = {
    // Only the counts measured are ticks: there is no 2.5 backends.
    x: { field: 'x', type: 'quantitative', title: options.xTitle, axis: { values: xs, format: 'd' }, scale: { zero: false, nice: false, padding: 24 } },
    y: { field: 'y', type: 'quantitative', title: options.unit, scale: { zero: true } },
    color: { field: 'setup', type: 'nominal', title: null, scale: { domain: options.series.map((s) => s.name), range: SERIES_COLOURS }, legend: { labelLimit: 0 } },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.note ? { text: options.title, subtitle: options.note } : options.title,
    width: 620,
    height: 240,
    data: { values },
    encoding,
    layer: [
      { mark: { type: 'line', point: true } },
      { transform: [{ filter: '!datum.below' }], mark: { type: 'text', dy: -9, fontSize: 11, aria: false }, encoding: { text: { field: 'text' } } },
      { transform: [{ filter: 'datum.below' }], mark: { type: 'text', dy: 12, fontSize: 11, aria: false }, encoding: { text: { field: 'text' } } },
    ],
  } as ChartSpec;
}

export function renderLineChart(options: LineChartOptions): Promise<string> {
  return renderVegaLite(lineChartSpec(options));
}
