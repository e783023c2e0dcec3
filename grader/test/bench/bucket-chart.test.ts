// Requests per 100 ms across a fault, answered stacked under failed (Vega-Lite).
import { describe, expect, it } from 'vitest';
import { renderBucketChart } from '../../src/bench/bucket-chart.ts';
import { markLabels } from './svg-marks.ts';

describe('renderBucketChart', () => {
  const buckets = [
    { ok: 50, failed: 0 },
    { ok: 20, failed: 10 },
    { ok: 0, failed: 0 },
    { ok: 0, failed: 7 },
    { ok: 48, failed: 0 },
  ];

  it('draws one rect per non-empty part of a bucket, failed stacked on answered, with the marks', async () => {
    const svg = await renderBucketChart({ title: 'Writes <across> "a" kill & back', bucketMs: 100, startMs: -200, buckets, marks: [{ atMs: 0, label: 'SIGKILL' }], unit: 'writes' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const parts = markLabels(svg).filter((m) => 'outcome' in m).map((m) => [Number(m.from), m.outcome, Number(m.count), Number(m.high)]);
    expect(parts).toEqual([
      [-0.2, 'writes answered', 50, 50],
      [-0.1, 'writes answered', 20, 20],
      [-0.1, 'writes failed or unknown', 10, 30],
      [0.1, 'writes failed or unknown', 7, 7],
      [0.2, 'writes answered', 48, 48],
    ]);
    expect(svg).toContain('Writes &lt;across&gt; &quot;a&quot; kill &amp; back');
    expect(svg).not.toContain('<across>');
    expect(svg).toContain('SIGKILL');
    expect(svg).toContain('per 100 ms');
  });

  it('handles an all-empty chart without dividing by zero', async () => {
    const svg = await renderBucketChart({ title: 'nothing', bucketMs: 100, startMs: 0, buckets: [{ ok: 0, failed: 0 }] });
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
