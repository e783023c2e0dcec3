// A grouped bar chart as a Vega-Lite spec: one cluster of bars per setup, one colour per series
// (a round, a cache, a follower count), the value written above each bar. For experiments that
// compare a few setups side by side; further panels stack below, each with its own y axis.
import { type ChartSpec, renderVegaLite, SERIES_COLOURS } from './charts/vega.ts';

export interface BarGroup {
  /** Written under the cluster; "\n" breaks it into lines, so long setup names stay inside it. */
  label: string;
  bars: readonly { series: string; value: number }[];
}

export interface BarPanel {
  /** The y axis: "requests/s", "p99 latency (ms)". */
  unit: string;
  groups: readonly BarGroup[];
}

export interface BarChartOptions extends BarPanel {
  title: string;
  /** Legend order; a bar's colour and place in its cluster come from its series' index here. */
  series: readonly string[];
  /** Further panels below the first, each with its own axis (throughput above, latency below). */
  more?: readonly BarPanel[];
  /** Small print under the title: what was measured, how. */
  note?: string;
}

/** "19,739" for throughput, "8.3" or "0.55" for milliseconds: three significant digits at most below 100. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

function panelSpec(panel: BarPanel, series: readonly string[]) {
  const values = panel.groups.flatMap((group) => group.bars.map((bar) => {
    if (!series.includes(bar.series)) throw new Error(`bar chart: series "${bar.series}" is not in the legend`);
    // A missing value (NaN) gets no bar, only "n/a" on the axis line.
    const known = Number.isFinite(bar.value);
    return { setup: group.label, series: bar.series, value: known ? bar.value : null, shown: known ? bar.value : 0, text: formatValue(bar.value) };
  }));
  const x = { field: 'setup', type: 'nominal', sort: panel.groups.map((g) => g.label), title: null, axis: { labelAngle: 0, labelExpr: "split(datum.label, '\\n')" } } as const;
  const colour = { field: 'series', type: 'nominal', title: null, scale: { domain: [...series], range: SERIES_COLOURS } } as const;
  return {
    data: { values },
    width: 620,
    height: 190,
    encoding: { x, xOffset: { field: 'series', type: 'nominal', scale: { domain: [...series] } } },
    layer: [
      { mark: 'bar', transform: [{ filter: 'datum.value !== null' }], encoding: { y: { field: 'value', type: 'quantitative', title: panel.unit }, color: colour } },
      { mark: { type: 'text', dy: -6, fontSize: 11, aria: false }, encoding: { y: { field: 'shown', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  };
}

export function barChartSpec(options: BarChartOptions): ChartSpec {
  const panels = [options, ...(options.more ?? [])].map((panel) => panelSpec(panel, options.series));
  const title = options.note ? { text: options.title, subtitle: options.note } : options.title;
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, vconcat: panels, resolve: { scale: { y: 'independent' } } } as ChartSpec;
}

export function renderBarChart(options: BarChartOptions): Promise<string> {
  return renderVegaLite(barChartSpec(options));
}
