// The picture of a history: one lane per client and per node, each op a bar from invoke to
// completion coloured by outcome, nemesis events as labelled vertical lines, fault spans
// shaded on the node's lane. Pure string building; timeline.ts wraps it in a page.
import type { NemesisEvent } from './history.ts';
import { type Operation, show } from './operations.ts';

const LEFT = 120;
const LANE = 22;
const LABEL_ROWS = 3;
const TOP = LABEL_ROWS * 14 + 24;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const ms = (n: number) => `${(n / 1000).toFixed(3)} s`;

/** Kinds that start a fault on a node, and the kinds that end one. */
const STARTS = new Set(['partition', 'pause', 'latency', 'kill']);
const ENDS = new Set(['heal', 'resume', 'restart', 'pass']);

export interface SvgInput {
  ops: Operation[];
  nemesis: NemesisEvent[];
  processes: string[];
  nodes: string[];
  start: number;
  end: number;
  /** Ops named by a checker's problem: outlined. */
  flagged: Set<number>;
}

function opTitle(op: Operation, start: number): string {
  const lines = [`op #${op.id} ${op.process} ${op.op}${op.value === undefined ? '' : ` ${show(op.value)}`} -> ${op.pending ? 'no answer (info)' : op.outcome}${op.node ? ` from ${op.node}` : ''}`];
  const took = op.completeTime === undefined ? 'never completed' : `${ms(op.completeTime - start)} (${Math.round(op.completeTime - op.invokeTime)} ms)`;
  lines.push(`${ms(op.invokeTime - start)} to ${took}`);
  const marks = [op.token !== undefined && `token ${op.token}`, op.position !== undefined && `position ${op.position}`, op.epoch !== undefined && `epoch ${op.epoch}`].filter(Boolean);
  if (marks.length) lines.push(marks.join(', '));
  if (op.result !== undefined) lines.push(`result ${show(op.result)}`);
  if (op.error) lines.push(`error ${op.error.slice(0, 120)}`);
  return escapeHtml(lines.join('\n'));
}

export function renderSvg(input: SvgInput): string {
  const { ops, nemesis, processes, nodes, start, flagged } = input;
  const span = Math.max(1, input.end - start);
  const width = Math.min(8000, Math.max(900, span * 0.15));
  const x = (t: number) => r1(LEFT + ((t - start) / span) * width);
  const lanes = [...processes, ...nodes];
  const laneY = new Map(lanes.map((lane, i) => [lane, TOP + i * LANE] as const));
  const nodeY = new Map(nodes.map((node, i) => [node, TOP + (processes.length + i) * LANE] as const));
  const height = TOP + lanes.length * LANE + 8;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${r1(LEFT + width + 20)}" height="${height}">`];

  lanes.forEach((lane, i) => {
    const y = TOP + i * LANE;
    const kind = i < processes.length ? 'client' : 'node';
    out.push(`<rect class="lane ${kind}" x="0" y="${y}" width="${r1(LEFT + width + 20)}" height="${LANE}"/><text class="lane-label" x="6" y="${y + 15}">${escapeHtml(`${kind} ${lane}`)}</text>`);
  });
  // Axis: about ten ticks, at round numbers of seconds.
  const step = [0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60].find((s) => span / (s * 1000) <= 12) ?? 120;
  for (let s = 0; s * 1000 <= span; s += step) {
    const tx = x(start + s * 1000);
    out.push(`<line class="tick" x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${height - 8}"/><text class="tick-label" x="${tx + 2}" y="${TOP - 8}">${Number(s.toFixed(1))} s</text>`);
  }
  // Fault spans: from a fault on a node to the next event that ends faults on it.
  nemesis.forEach((event, i) => {
    const y = event.node === undefined ? undefined : nodeY.get(event.node);
    if (!STARTS.has(event.kind) || y === undefined) return;
    const until = nemesis.slice(i + 1).find((e) => ENDS.has(e.kind) && (e.node === undefined || e.node === event.node))?.time ?? input.end;
    out.push(`<rect class="span k-${event.kind}" x="${x(event.time)}" y="${y + 1}" width="${r1(Math.max(1, x(until) - x(event.time)))}" height="${LANE - 2}"/>`);
  });
  for (const op of ops) {
    const x1 = x(op.invokeTime);
    const w = r1(Math.max(2, x(op.completeTime ?? input.end) - x1));
    const cls = `${op.pending ? 'pending' : op.outcome}${flagged.has(op.id) ? ' flagged' : ''}`;
    out.push(`<rect id="op-${op.id}" class="op ${cls}" x="${x1}" y="${laneY.get(op.process)! + 4}" width="${w}" height="${LANE - 8}"><title>${opTitle(op, start)}</title></rect>`);
    const ny = op.node === undefined ? undefined : nodeY.get(op.node);
    if (ny !== undefined) out.push(`<rect class="op ${cls} on-node" x="${x1}" y="${ny + 6}" width="${w}" height="${LANE - 12}"/>`);
  }
  nemesis.forEach((event, i) => {
    const nx = x(event.time);
    const label = `${event.kind}${event.node ? ` ${event.node}` : ''}${event.epoch !== undefined ? ` e${event.epoch}` : ''}`;
    const detail = `${label} at ${ms(event.time - start)}${event.detail ? `: ${event.detail}` : ''}`;
    const ly = 12 + (i % LABEL_ROWS) * 14;
    out.push(
      `<g class="nemesis k-${escapeHtml(event.kind)}"><title>${escapeHtml(detail)}</title><line x1="${nx}" y1="${ly + 2}" x2="${nx}" y2="${height - 8}"/><text x="${nx + 3}" y="${ly}">${escapeHtml(label)}</text></g>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
