// The grouped bar chart that benchmarks write to compare setups side by side.
import { describe, expect, it } from 'vitest';
import { renderBarChart } from '../src/bench/bar-chart.ts';

/** The bars: every rect with a position, less the background (none) and the 10 x 10 legend swatches. */
function bars(svg: string): { fill: string; height: number }[] {
  return [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="([^"]+)" height="([^"]+)" fill="([^"]+)"\/>/g)]
    .filter((m) => !(m[1] === '10' && m[2] === '10'))
    .map((m) => ({ height: Number(m[2]), fill: m[3]! }));
}

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

  it('draws one bar per value in its series colour, heights proportional to the values, labels escaped', () => {
    const svg = renderBarChart(options);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const drawn = bars(svg);
    expect(drawn).toHaveLength(4);
    expect(drawn.map((b) => b.fill)).toEqual(['#2b6cb0', '#2f855a', '#2b6cb0', '#2f855a']);
    expect(drawn[1]!.height / drawn[0]!.height).toBeCloseTo(2, 1);
    expect(drawn[2]!.height / drawn[3]!.height).toBeCloseTo(8, 1);
    // One legend swatch per series.
    expect(svg.match(/width="10" height="10" fill="#2b6cb0"/g)).toHaveLength(1);
    expect(svg).toContain('>4,000</text>');
    expect(svg).toContain('>500</text>');
    // Text is escaped, never raw markup; a "\n" in a group label makes a second line.
    expect(svg).toContain('Reads &#60;per&#62; &#34;setup&#34; &#38; round');
    expect(svg).toContain('>edge &#60;in&#62;</text>');
    expect(svg).toContain('>front</text>');
    expect(svg).not.toMatch(/<per>|<in>/);
  });

  it('adds a panel with its own axis below the first, and leaves no bar for a missing value', () => {
    const svg = renderBarChart({ ...options, more: [{ unit: 'p99 ms', groups: [{ label: 'SQLite only', bars: [{ series: 'round 1', value: 8.3 }, { series: 'round 2', value: Number.NaN }] }] }] });
    expect(bars(svg)).toHaveLength(5);
    expect(svg).toContain('>p99 ms</text>');
    expect(svg).toContain('>8.3</text>');
    expect(svg).toContain('>n/a</text>');
    expect(Number(svg.match(/height="(\d+)"/)![1])).toBeGreaterThan(500);
  });

  it('handles an all-zero chart without dividing by zero, and refuses a series not in the legend', () => {
    const svg = renderBarChart({ title: 'nothing', unit: 'requests/s', series: ['a'], groups: [{ label: 'x', bars: [{ series: 'a', value: 0 }] }] });
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(() => renderBarChart({ ...options, series: ['round 1'] })).toThrow(/round 2/);
  });
});
