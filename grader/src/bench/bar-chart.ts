// An SVG grouped bar chart: one cluster of bars per setup, one colour per series (a round, a
// cache, a follower count), the value written above each bar. For experiments that compare a
// few setups side by side. Same conventions as bucket-chart.ts: plain SVG with no script or
// external font, white background, so it renders the same in the book, on GitHub and in a browser.
import { escapeXml, tickStep } from './svg.ts';

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
  /** Small print at the right of the legend: what was measured, how. */
  note?: string;
}

const WIDTH = 720;
const TITLE_HEIGHT = 40;
const PLOT_HEIGHT = 190;
const LABELS_HEIGHT = 40; // room for two lines of group label under the axis
const PANEL_GAP = 24;
const LEGEND_HEIGHT = 30;
// Wider on the left than bucket-chart.ts: tick labels like "20,000" plus the rotated unit.
const PLOT = { left: 68, right: 16 };
const COLOURS = { axis: '#4a5568', text: '#1a202c', grid: '#e2e8f0' };
// Blue and green first, as in bucket-chart.ts; red last, since there it means "failed".
const SERIES_COLOURS = ['#2b6cb0', '#2f855a', '#dd6b20', '#6b46c1', '#718096', '#c53030'];

/** "19,739" for throughput, "8.3" or "0.55" for milliseconds: three significant digits at most below 100. */
function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

function renderPanel(panel: BarPanel, series: readonly string[], top: number, parts: string[]): void {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const values = panel.groups.flatMap((g) => g.bars.map((b) => b.value)).filter(Number.isFinite);
  const max = Math.max(...values, 0);
  const step = tickStep(max);
  // Headroom above the tallest bar, so its value label stays inside the plot.
  const ceiling = step * Math.max(1, Math.ceil((max * 1.1) / step));
  const y = (value: number) => top + PLOT_HEIGHT - (Math.max(value, 0) / ceiling) * PLOT_HEIGHT;
  for (let i = 0; i * step <= ceiling; i++) {
    const tick = i * step; // i * step, not a running sum: 0.1 + 0.2 would drift
    parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="${COLOURS.grid}"/>`);
    parts.push(`<text x="${PLOT.left - 6}" y="${y(tick) + 4}" text-anchor="end" fill="${COLOURS.axis}">${formatValue(tick)}</text>`);
  }
  const middle = top + PLOT_HEIGHT / 2;
  parts.push(`<text x="16" y="${middle}" transform="rotate(-90 16 ${middle})" text-anchor="middle" fill="${COLOURS.axis}">${escapeXml(panel.unit)}</text>`);
  const groupWidth = plotWidth / Math.max(panel.groups.length, 1);
  // Every series keeps its slot in every cluster, so colours line up across groups even when a
  // group lacks one; bars no wider than 48 px, so one or two series do not make slabs.
  const barWidth = Math.min((groupWidth * 0.75) / Math.max(series.length, 1), 48);
  panel.groups.forEach((group, g) => {
    const centre = PLOT.left + (g + 0.5) * groupWidth;
    const clusterLeft = centre - (barWidth * series.length) / 2;
    for (const bar of group.bars) {
      const slot = series.indexOf(bar.series);
      if (slot === -1) throw new Error(`bar chart: series "${bar.series}" is not in the legend`);
      const left = clusterLeft + slot * barWidth;
      if (Number.isFinite(bar.value) && bar.value > 0) {
        parts.push(`<rect x="${(left + 1).toFixed(1)}" y="${y(bar.value).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(y(0) - y(bar.value)).toFixed(1)}" fill="${SERIES_COLOURS[slot % SERIES_COLOURS.length]}"/>`);
      }
      parts.push(`<text x="${(left + barWidth / 2).toFixed(1)}" y="${(y(Number.isFinite(bar.value) ? bar.value : 0) - 4).toFixed(1)}" text-anchor="middle" font-size="11" fill="${COLOURS.text}">${formatValue(bar.value)}</text>`);
    }
    group.label.split('\n').forEach((line, i) => {
      parts.push(`<text x="${centre.toFixed(1)}" y="${y(0) + 16 + i * 14}" text-anchor="middle" fill="${COLOURS.axis}">${escapeXml(line)}</text>`);
    });
  });
  parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(0)}" y2="${y(0)}" stroke="${COLOURS.axis}"/>`);
}

export function renderBarChart(options: BarChartOptions): string {
  const panels: BarPanel[] = [options, ...(options.more ?? [])];
  const height = TITLE_HEIGHT + panels.length * (PLOT_HEIGHT + LABELS_HEIGHT) + (panels.length - 1) * PANEL_GAP + LEGEND_HEIGHT;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<title>${escapeXml(options.title)}</title>`, `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${PLOT.left}" y="22" font-size="14" font-weight="bold" fill="${COLOURS.text}">${escapeXml(options.title)}</text>`);
  panels.forEach((panel, i) => renderPanel(panel, options.series, TITLE_HEIGHT + i * (PLOT_HEIGHT + LABELS_HEIGHT + PANEL_GAP), parts));
  const legendY = height - 12;
  let x = PLOT.left;
  options.series.forEach((name, slot) => {
    parts.push(`<rect x="${x}" y="${legendY - 9}" width="10" height="10" fill="${SERIES_COLOURS[slot % SERIES_COLOURS.length]}"/><text x="${x + 14}" y="${legendY}" fill="${COLOURS.text}">${escapeXml(name)}</text>`);
    x += 14 + name.length * 7 + 20; // about 7 px a character at 12 px: no font metrics in plain SVG
  });
  if (options.note) parts.push(`<text x="${WIDTH - PLOT.right}" y="${legendY}" text-anchor="end" fill="${COLOURS.axis}">${escapeXml(options.note)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
