// Requests per time bucket, answered stacked under failed, as a Vega-Lite spec: what a
// benchmark across a fault looks like at a glance (the dip, its width, the recovery).
import { type ChartSpec, renderVegaLite } from './charts/vega.ts';

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

const COLOURS = { ok: '#2f855a', failed: '#c53030', mark: '#2b6cb0' };

export function bucketChartSpec(options: BucketChartOptions): ChartSpec {
  const unit = options.unit ?? 'requests';
  const answered = `${unit} answered`;
  const failed = `${unit} failed or unknown`;
  // Seconds from the event, as the axis reads them: -0.2 s is two 100 ms buckets before it.
  const at = (ms: number) => Number((ms / 1000).toFixed(3));
  const values = options.buckets.flatMap((bucket, i) => {
    const start = options.startMs + i * options.bucketMs;
    const slot = { from: at(start), to: at(start + options.bucketMs) };
    // Stacked by hand (answered from 0, failed on top of it): rects need both ends of y.
    return [
      { ...slot, outcome: answered, count: bucket.ok, low: 0, high: bucket.ok },
      { ...slot, outcome: failed, count: bucket.failed, low: bucket.ok, high: bucket.ok + bucket.failed },
    ].filter((part) => part.count > 0);
  });
  const marks = (options.marks ?? []).map((m) => ({ at: at(m.atMs), label: m.label }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title, subtitle: `per ${options.bucketMs} ms` },
    width: 640,
    height: 220,
    layer: [
      {
        data: { values },
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: 'seconds from the event', scale: { domain: [at(options.startMs), at(options.startMs + options.buckets.length * options.bucketMs)], nice: false } },
          x2: { field: 'to' },
          y: { field: 'low', type: 'quantitative', title: unit, scale: { domainMin: 0 } },
          y2: { field: 'high' },
          color: { field: 'outcome', type: 'nominal', title: null, scale: { domain: [answered, failed], range: [COLOURS.ok, COLOURS.failed] }, legend: { labelLimit: 0 } },
          tooltip: [{ field: 'from' }, { field: 'outcome' }, { field: 'count' }],
        },
      },
      {
        data: { values: marks },
        layer: [
          { mark: { type: 'rule', color: COLOURS.mark, strokeDash: [4, 3] }, encoding: { x: { field: 'at', type: 'quantitative' } } },
          { mark: { type: 'text', color: COLOURS.mark, align: 'left', dx: 4, baseline: 'top', y: 4 }, encoding: { x: { field: 'at', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    ],
  } as ChartSpec;
}

export function renderBucketChart(options: BucketChartOptions): Promise<string> {
  return renderVegaLite(bucketChartSpec(options));
}
