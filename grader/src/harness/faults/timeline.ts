// The page a learner opens when a distributed-behaviour test fails: the checkers' verdicts at
// the top (each "op #N" links to its bar), the history drawn below. Self-contained: inline CSS
// and SVG, no script, no external resource, so it opens from a CI artifact as is.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NemesisEvent } from './history.ts';
import { type CheckResult, eventsOf, type HistoryLike, operations } from './operations.ts';
import { escapeHtml, renderSvg } from './timeline-svg.ts';

export interface TimelineOptions {
  title: string;
  /** Node lanes, in this order (nodes seen in the history but not listed are added after). */
  nodes?: string[];
  /** The checkers' results by name: their problems are listed at the top. */
  checks?: Record<string, CheckResult>;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#222}
h1{font-size:20px;margin:0 0 4px} .meta{color:#666;margin-bottom:10px}
.check{margin:4px 0} .valid{color:#2e7d32} .invalid{color:#c62828;font-weight:600}
.check ol{margin:2px 0 8px;font-weight:400;color:#222} .check a{color:#1565c0}
.legend span{display:inline-block;margin-right:14px} .sw{width:14px;height:10px;display:inline-block;margin-right:4px;vertical-align:middle}
.chart{overflow-x:auto;border:1px solid #ddd;margin-top:8px}
.lane.client{fill:#fafafa} .lane.node{fill:#f0f4f8} .lane{stroke:#e4e4e4}
.lane-label{font-size:12px;fill:#444} .tick{stroke:#eee} .tick-label{font-size:10px;fill:#888}
.op.ok{fill:#3a9d5d} .op.fail{fill:#d64545} .op.info{fill:#e8a33d} .op.pending{fill:#e8a33d;opacity:.55}
.op.on-node{opacity:.45} .op.flagged{stroke:#000;stroke-width:2} .op:target{stroke:#1565c0;stroke-width:4}
.nemesis line{stroke:#555;stroke-width:1.5;stroke-dasharray:4 3} .nemesis text{font-size:11px;fill:#333}
.span{fill:#555;opacity:.12}
.k-partition line,.k-drop line{stroke:#7b3fbf} .k-heal line,.k-pass line,.k-resume line,.k-restart line{stroke:#2b7bb9}
.k-kill line{stroke:#000;stroke-dasharray:none} .k-pause line{stroke:#8d6e63} .k-promote line,.k-epoch line{stroke:#00897b;stroke-dasharray:none}
.k-latency line{stroke:#ef6c00} .k-reset line{stroke:#c2185b} .span.k-partition{fill:#7b3fbf} .span.k-latency{fill:#ef6c00} .span.k-kill{fill:#000}
`;

function renderChecks(checks: Record<string, CheckResult>): string {
  return Object.entries(checks)
    .map(([name, result]) => {
      const head = `<div class="check ${result.valid ? 'valid' : 'invalid'}">${result.valid ? '&#10003;' : '&#10007;'} ${escapeHtml(name)}`;
      const counts = Object.entries(result.counts).map(([k, v]) => `${escapeHtml(k)} ${v}`).join(', ');
      // Escaped first: "op #N" survives escaping and becomes a link to the op's bar.
      const items = result.problems.map((p) => `<li>${escapeHtml(p).replace(/op #(\d+)/g, '<a href="#op-$1">op #$1</a>')}</li>`).join('');
      return `${head} <span class="meta">(${counts})</span>${items ? `<ol>${items}</ol>` : ''}</div>`;
    })
    .join('\n');
}

/** Ops named by any problem, to outline them in the chart. */
function flaggedOps(checks: Record<string, CheckResult>): Set<number> {
  const ids = Object.values(checks).flatMap((result) => result.problems.flatMap((p) => [...p.matchAll(/op #(\d+)/g)].map((m) => Number(m[1]))));
  return new Set(ids);
}

export function renderTimeline(history: HistoryLike, options: TimelineOptions): string {
  const events = eventsOf(history);
  const ops = operations(history);
  const nemesis = events.filter((e): e is NemesisEvent => e.type === 'nemesis');
  const processes = [...new Set(ops.map((op) => op.process))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const seenNodes = [...ops.map((op) => op.node), ...nemesis.map((e) => e.node)].filter((n): n is string => n !== undefined);
  const nodes = [...new Set([...(options.nodes ?? []), ...seenNodes.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))])];
  const start = events[0]?.time ?? 0;
  const end = Math.max(start + 1, ...events.map((e) => e.time));
  const checks = options.checks ?? {};
  const tally = (outcome: string) => ops.filter((op) => op.outcome === outcome && !op.pending).length;
  const svg = renderSvg({ ops, nemesis, processes, nodes, start, end, flagged: flaggedOps(checks) });
  const wall = events[0] ? new Date(events[0].wall).toISOString() : 'empty history';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(options.title)}</h1>
<div class="meta">${wall}; ${((end - start) / 1000).toFixed(2)} s; ${ops.length} operations: ${tally('ok')} ok, ${tally('fail')} fail, ${tally('info')} info, ${ops.filter((op) => op.pending).length} never answered; ${nemesis.length} nemesis events. Hover a bar for details.</div>
${renderChecks(checks)}
<div class="legend"><span><i class="sw" style="background:#3a9d5d"></i>ok</span><span><i class="sw" style="background:#d64545"></i>fail (certainly did not happen)</span><span><i class="sw" style="background:#e8a33d"></i>info (unknown: may have happened)</span><span><i class="sw" style="border:2px solid #000"></i>named by a problem</span></div>
<div class="chart">${svg}</div>
</body></html>
`;
}

/** Writes `<dir>/<name>.html` (name made file-safe) and returns its path. */
export function writeTimeline(history: HistoryLike, dir: string, name: string, options: Partial<TimelineOptions> = {}): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.html`);
  writeFileSync(file, renderTimeline(history, { title: name, ...options }));
  return file;
}
