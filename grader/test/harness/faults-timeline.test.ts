// The HTML timeline: every kind of event drawn, values escaped, problems linked, small at scale.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { History } from '../../src/harness/faults/history.ts';
import { checkOneWriterPerEpoch } from '../../src/harness/faults/epoch-checker.ts';
import { checkSet } from '../../src/harness/faults/set-checker.ts';
import { renderTimeline, writeTimeline } from '../../src/harness/faults/timeline.ts';
import { expectHistoryValid } from '../../src/harness/faults/verdict.ts';
import { sampleHistory } from './sample-history.ts';

describe('renderTimeline', () => {
  it('draws lanes, bars by outcome, every nemesis kind, and links problems to their ops', () => {
    const history = sampleHistory();
    const set = checkSet(history);
    expect(set).toMatchObject({ valid: false, counts: { lost: 2 } });
    const html = renderTimeline(history, { title: 'failover <T3>', nodes: ['n1', 'n2', 'n3'], checks: { set, 'one writer per epoch': checkOneWriterPerEpoch(history) } });
    expect(html).toContain('&#10003; one writer per epoch');
    for (const lane of ['client c1', 'client c4', 'client checker', 'node n1', 'node n3']) expect(html).toContain(`>${lane}</text>`);
    for (const kind of ['partition', 'heal', 'kill', 'promote', 'epoch', 'pause', 'resume', 'restart', 'latency', 'reset']) expect(html).toContain(`class="nemesis k-${kind}"`);
    for (const outcome of ['ok', 'fail', 'info']) expect(html).toMatch(new RegExp(`class="op ${outcome}[ "]`));
    expect(html).toContain('<title>failover &#60;T3&#62;</title>');
    const firstLost = /op #(\d+)/.exec(set.problems[0]!)![1];
    expect(html).toContain(`<a href="#op-${firstLost}">op #${firstLost}</a>`);
    expect(html).toContain(`id="op-${firstLost}" class="op ok flagged"`);
    expect(html).toMatch(/class="span k-partition"/);
  });

  it('escapes values: no markup from the history reaches the page', () => {
    const history = new History();
    const id = history.invoke('c1"><script>', { op: 'write', value: `<script>alert('x')</script>"` });
    history.complete(id, { outcome: 'info', error: '<b>boom</b>' });
    history.nemesis('kill', { node: '<img src=x onerror=alert(1)>', detail: '"quoted"' });
    const html = renderTimeline(history, { title: 'x', checks: { custom: { valid: false, problems: ['<i>bad</i> op #0'], counts: {} } } });
    expect(html).not.toMatch(/<script|<img|<b>|<i>/);
    expect(html).toContain('&#60;script&#62;alert(&#39;x&#39;)');
    expect(html).toContain('&#60;i&#62;bad&#60;/i&#62; <a href="#op-0">op #0</a>');
    // Self-contained: no external resource, no script.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('stays small for 2,000 operations', () => {
    const history = sampleHistory(2000, 11);
    const html = renderTimeline(history, { title: 'big', nodes: ['n1', 'n2', 'n3'] });
    expect((html.match(/class="op /g) ?? []).length).toBeGreaterThan(1900);
    expect(Buffer.byteLength(html)).toBeLessThan(1_000_000);
  });

  it('writeTimeline writes a file-safe name and returns its path', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'timeline-'));
    try {
      const file = writeTimeline(sampleHistory(20), path.join(dir, 'nested'), 'T2 failover / seed 7');
      expect(file).toBe(path.join(dir, 'nested', 'T2-failover-seed-7.html'));
      expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('expectHistoryValid', () => {
  it('passes valid checks silently, and otherwise fails with the problems and a timeline to open', () => {
    const history = sampleHistory();
    const ok = { valid: true, problems: [], counts: {} };
    expect(() => expectHistoryValid(history, { fine: ok }, { name: 'x' })).not.toThrow();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verdict-'));
    try {
      let message = '';
      try {
        expectHistoryValid(history, { fine: ok, set: checkSet(history) }, { name: 'T3 failover', dir, lesson: 'README.md#acknowledged-writes' });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^T3 failover: the recorded history breaks set\nset:\n {2}- lost write: op #120/);
      expect(message).toContain(`Open the timeline: ${path.join(dir, 'T3-failover.html')}`);
      expect(message).toMatch(/Read: README.md#acknowledged-writes$/);
      expect(readFileSync(path.join(dir, 'T3-failover.html'), 'utf8')).toContain('lost write');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
