// Answered and failed requests per 100 ms while a process is killed mid-run. The hand-written
// closed-loop client (load.ts) drives this one: it sees every refused connection at once and
// classifies it, which is the point of the chart; autocannon retries connections on its own.
import type { ChildProcess } from 'node:child_process';
import { parseBenchArgs } from '../args.ts';
import { renderBucketChart } from '../bucket-chart.ts';
import { createAgent, runPhase } from '../load.ts';
import { TIMELINE_MS } from '../recorder.ts';

export interface KillWindow {
  /** Buckets of 100 ms from the start of the run; the kill happened at `killAtMs`. */
  buckets: { ok: number; failed: number }[];
  killAtMs: number;
  okAfterKill: number;
  failedAfterKill: number;
}

export async function killMidRun(url: string, connections: number, durationMs: number, victim: ChildProcess): Promise<KillWindow> {
  // parseBenchArgs applies the loopback refusal and the caps of --url mode to this run too.
  const parsed = parseBenchArgs(['--url', url, '--connections', String(connections), '--duration', String(durationMs / 1000), '--timeout', '2000']);
  if (parsed.command !== 'run') throw new Error('unreachable');
  const agent = createAgent(parsed.options);
  // On a bucket boundary, so the chart's "0 s" line falls between two bars.
  const killAtMs = Math.round(durationMs / 2 / TIMELINE_MS) * TIMELINE_MS;
  const timer = setTimeout(() => victim.kill('SIGKILL'), killAtMs);
  try {
    const { recorder } = await runPhase(parsed.options, agent, durationMs, Number.MAX_SAFE_INTEGER);
    const buckets = recorder.timeline.slice(0, Math.ceil(durationMs / TIMELINE_MS));
    const after = buckets.slice(killAtMs / TIMELINE_MS);
    return { buckets, killAtMs, okAfterKill: after.reduce((n, b) => n + b.ok, 0), failedAfterKill: after.reduce((n, b) => n + b.failed, 0) };
  } finally {
    clearTimeout(timer);
    agent.destroy();
  }
}

export function killChart(title: string, window: KillWindow): Promise<string> {
  return renderBucketChart({ title, bucketMs: TIMELINE_MS, startMs: -window.killAtMs, buckets: window.buckets, unit: 'requests', marks: [{ atMs: 0, label: 'SIGKILL' }] });
}
