// The bar chart of requests per bucket that benchmarks write across a fault.
import { describe, expect, it } from 'vitest';
import { renderBucketChart } from '../src/bench/bucket-chart.ts';

describe('renderBucketChart', () => {
  const buckets = [
    { ok: 50, failed: 0 },
    { ok: 20, failed: 10 },
    { ok: 0, failed: 0 },
    { ok: 0, failed: 7 },
    { ok: 48, failed: 0 },
  ];

  it('draws one bar per non-empty part of a bucket, answered below failed, on a shared scale', () => {
    const svg = renderBucketChart({ title: 'Writes <across> "a" kill & back', bucketMs: 100, startMs: -200, buckets, marks: [{ atMs: 0, label: 'SIGKILL' }], unit: 'writes' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/fill="#2f855a"\/>/g)).toHaveLength(3 + 1); // three answered bars and the legend swatch
    expect(svg.match(/fill="#c53030"\/>/g)).toHaveLength(2 + 1);
    // The title is escaped, never raw markup.
    expect(svg).toContain('Writes &#60;across&#62; &#34;a&#34; kill &#38; back');
    expect(svg).not.toContain('<across>');
    expect(svg).toContain('SIGKILL');
    // The scale runs in round steps (20) up to just above the tallest bar (50).
    expect(svg).toMatch(/>60<\/text>/);
    expect(svg).not.toMatch(/>80<\/text>/);
  });

  it('handles an all-empty chart without dividing by zero', () => {
    const svg = renderBucketChart({ title: 'nothing', bucketMs: 100, startMs: 0, buckets: [{ ok: 0, failed: 0 }] });
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
