// An SVG bar chart of requests per time bucket, answered stacked on failed: what a benchmark
// across a fault looks like at a glance (the dip, its width, the recovery). Plain SVG with no
// script or external font, so it renders the same in the book, on GitHub and in a browser.
import { escapeXml, tickStep } from './svg.ts';

export interface Bucket {
  ok: number;
  failed: number;
}

export interface BucketChartOptions {
  title: string;
  /** Width of one bucket in ms, and the time of the first bucket relative to the event (negative: before it). */
  bucketMs: number;
  startMs: number;
  buckets: readonly Bucket[];
  /** Vertical lines at these times (ms relative to the event), with a label. */
  marks?: readonly { atMs: number; label: string }[];
  /** What one request is, for the axis: "writes" or "requests". */
  unit?: string;
}

const WIDTH = 720;
const HEIGHT = 300;
const PLOT = { left: 56, right: 16, top: 40, bottom: 52 };
const COLOURS = { ok: '#2f855a', failed: '#c53030', axis: '#4a5568', text: '#1a202c', mark: '#2b6cb0' };

export function renderBucketChart(options: BucketChartOptions): string {
  const { buckets, bucketMs, startMs } = options;
  const unit = options.unit ?? 'requests';
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const step = tickStep(Math.max(...buckets.map((b) => b.ok + b.failed), 1));
  const top = step * Math.ceil(Math.max(...buckets.map((b) => b.ok + b.failed), 1) / step);
  const barWidth = plotWidth / Math.max(buckets.length, 1);
  const x = (ms: number) => PLOT.left + ((ms - startMs) / bucketMs) * barWidth;
  const y = (count: number) => PLOT.top + plotHeight - (count / top) * plotHeight;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`);
  parts.push(`<title>${escapeXml(options.title)}</title>`, `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  parts.push(`<text x="${PLOT.left}" y="22" font-size="14" font-weight="bold" fill="${COLOURS.text}">${escapeXml(options.title)}</text>`);
  for (let tick = 0; tick <= top; tick += step) {
    parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${PLOT.left - 6}" y="${y(tick) + 4}" text-anchor="end" fill="${COLOURS.axis}">${tick}</text>`);
  }
  buckets.forEach((bucket, i) => {
    const left = (PLOT.left + i * barWidth + 0.5).toFixed(1);
    const width = Math.max(barWidth - 1, 0.5).toFixed(1);
    if (bucket.ok > 0) parts.push(`<rect x="${left}" y="${y(bucket.ok).toFixed(1)}" width="${width}" height="${(y(0) - y(bucket.ok)).toFixed(1)}" fill="${COLOURS.ok}"/>`);
    if (bucket.failed > 0) parts.push(`<rect x="${left}" y="${y(bucket.ok + bucket.failed).toFixed(1)}" width="${width}" height="${(y(bucket.ok) - y(bucket.ok + bucket.failed)).toFixed(1)}" fill="${COLOURS.failed}"/>`);
  });
  parts.push(`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y(0)}" y2="${y(0)}" stroke="${COLOURS.axis}"/>`);
  const endMs = startMs + buckets.length * bucketMs;
  const labelEvery = bucketMs * Math.max(1, Math.ceil(buckets.length / 10));
  for (let ms = Math.ceil(startMs / labelEvery) * labelEvery; ms <= endMs; ms += labelEvery) {
    parts.push(`<text x="${x(ms)}" y="${y(0) + 16}" text-anchor="middle" fill="${COLOURS.axis}">${ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(1)} s</text>`);
  }
  for (const mark of options.marks ?? []) {
    parts.push(`<line x1="${x(mark.atMs)}" x2="${x(mark.atMs)}" y1="${PLOT.top}" y2="${y(0)}" stroke="${COLOURS.mark}" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x(mark.atMs) + 4}" y="${PLOT.top + 12}" fill="${COLOURS.mark}">${escapeXml(mark.label)}</text>`);
  }
  const legendY = HEIGHT - 12;
  parts.push(`<rect x="${PLOT.left}" y="${legendY - 9}" width="10" height="10" fill="${COLOURS.ok}"/><text x="${PLOT.left + 14}" y="${legendY}" fill="${COLOURS.text}">${escapeXml(`${unit} answered`)}</text>`);
  parts.push(`<rect x="${PLOT.left + 150}" y="${legendY - 9}" width="10" height="10" fill="${COLOURS.failed}"/><text x="${PLOT.left + 164}" y="${legendY}" fill="${COLOURS.text}">${escapeXml(`${unit} failed or unknown`)}</text>`);
  parts.push(`<text x="${WIDTH - PLOT.right}" y="${legendY}" text-anchor="end" fill="${COLOURS.axis}">${escapeXml(`per ${bucketMs} ms`)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
