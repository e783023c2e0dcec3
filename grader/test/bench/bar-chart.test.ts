// The grouped bar chart that benchmarks write to compare setups side by side (Vega-Lite).
import { describe, expect, it } from 'vitest';
import { barChartSpec, renderBarChart } from '../../src/bench/bar-chart.ts';
import { markLabels } from './svg-marks.ts';

describe('renderBarChart', () => {
  const options = {
    title: 'Reads <per> "setup" & round',
    unit: 'requests/s',
    series: ['round 1', 'round 2'],
    groups: [
      { label: 'SQLite only', bars: [{ series: 'round 1', value: 1000 }, { series: 'round 2', value: 2000 }] },
      { label: 'edge <in>\nfront', bars: [{ series: 'round 1', value: 4000 }, { series: 'round 2', value: 500 }] },
    ],
  };

  it('draws one bar per value, named by setup and series, with the title escaped', async () => {
    const svg = await renderBarChart(options);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const bars = markLabels(svg).map((m) => [m.setup, m.series, Number(m['requests/s'])]);
    expect(bars).toEqual([['SQLite only', 'round 1', 1000], ['SQLite only', 'round 2', 2000], ['edge <in>\nfront', 'round 1', 4000], ['edge <in>\nfront', 'round 2', 500]]);
    expect(svg).toContain('Reads &lt;per&gt; &quot;setup&quot; &amp; round');
    expect(svg).not.toMatch(/<per>|<in>/);
    expect(svg).toContain('>4,000</text>');
  });

  it('adds a panel with its own axis below the first, and leaves no bar for a missing value', async () => {
    const spec = barChartSpec({ ...options, more: [{ unit: 'p99 ms', groups: [{ label: 'SQLite only', bars: [{ series: 'round 1', value: 8.3 }, { series: 'round 2', value: Number.NaN }] }] }] });
    expect((spec as { vconcat: unknown[] }).vconcat).toHaveLength(2);
    const svg = await renderBarChart({ ...options, more: [{ unit: 'p99 ms', groups: [{ label: 'SQLite only', bars: [{ series: 'round 1', value: 8.3 }, { series: 'round 2', value: Number.NaN }] }] }] });
    const latencyBars = markLabels(svg).filter((m) => 'p99 ms' in m);
    expect(latencyBars.map((m) => m['p99 ms'])).toEqual(['8.3']);
    expect(svg).toContain('>n/a</text>');
  });

  it('handles an all-zero chart, and refuses a series not in the legend', async () => {
    const svg = await renderBarChart({ title: 'nothing', unit: 'requests/s', series: ['a'], groups: [{ label: 'x', bars: [{ series: 'a', value: 0 }] }] });
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(() => barChartSpec({ ...options, series: ['round 1'] })).toThrow(/round 2/);
  });
});
