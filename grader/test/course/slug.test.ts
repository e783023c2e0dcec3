import { describe, expect, it } from 'vitest';
import { headingAnchors, slugify } from '../../src/course/slug.ts';

describe('heading anchors', () => {
  it('turns task headings into the anchors chapter.json names', () => {
    expect(slugify('T1 · Configuration and health')).toBe('t1-configuration-and-health');
    expect(slugify('T7 · Static files without path traversal')).toBe('t7-static-files-without-path-traversal');
    expect(slugify('Latency vs. throughput (p99!)')).toBe('latency-vs-throughput-p99');
    expect(slugify('Café `code` <em>x</em>')).toBe('cafe-code-x');
  });

  it('skips code fences and numbers repeated headings', () => {
    const markdown = ['# Title', '## Setup', '```sh', '# not a heading', '```', '## Setup', '~~~', '## nope', '~~~', '### Done ##'].join('\n');
    expect(headingAnchors(markdown)).toEqual(['title', 'setup', 'setup-1', 'done']);
  });
});
