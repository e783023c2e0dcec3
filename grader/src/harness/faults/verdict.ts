// The end of a distributed-behaviour test: judge the history with the checkers and, when any
// check fails, write the timeline the learner opens and fail with its path and the problems.
import path from 'node:path';
import { runContext } from '../context.ts';
import { LabFailure } from '../failure.ts';
import type { CheckResult, HistoryLike } from './operations.ts';
import { writeTimeline } from './timeline.ts';

export interface VerdictOptions {
  /** Names the timeline file and heads the message: "T3 failover (seed 7)". */
  name: string;
  nodes?: string[];
  /** Where the timeline goes (default: <run dir>/timelines). */
  dir?: string;
  /** Where in the lesson the guarantee is explained, for the message. */
  lesson?: string;
}

/** Throws a LabFailure naming every failed check, its first problems and the timeline's path. */
export function expectHistoryValid(history: HistoryLike, checks: Record<string, CheckResult>, options: VerdictOptions): void {
  const failed = Object.entries(checks).filter(([, result]) => !result.valid);
  if (failed.length === 0) return;
  const dir = options.dir ?? path.join(runContext().runDir, 'timelines');
  const file = writeTimeline(history, dir, options.name, { title: options.name, nodes: options.nodes, checks });
  const lines = failed.flatMap(([name, result]) => [`${name}:`, ...result.problems.slice(0, 3).map((p) => `  - ${p}`)]);
  const lesson = options.lesson ? `\nRead: ${options.lesson}` : '';
  throw new LabFailure(`${options.name}: the recorded history breaks ${failed.map(([name]) => name).join(', ')}\n${lines.join('\n')}\nOpen the timeline: ${file}${lesson}`);
}
