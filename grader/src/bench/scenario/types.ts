// What a chapter's experiment is to the runner: it starts its programs, measures, and hands
// back tables and charts; the runner prepares the code, prints, writes files and cleans up.
import type { Peer } from '../peers/peer.ts';
import type { ScenarioOptions } from './args.ts';

export interface ScenarioContext {
  options: ScenarioOptions;
  /** The code to run: the learner's src/, or an overlay of the reference over it. */
  codeDir: string;
  /** chapter.json's entry points, by name ("main", "backend", "app"...). */
  entries: Record<string, string>;
  /** The peer of --compare, found installed; undefined without --compare. */
  peer?: Peer;
  /** Progress lines, to stderr: the tables are the output. */
  log: (line: string) => void;
}

export interface Figure {
  /** File name inside the output folder: "throughput.svg". */
  file: string;
  svg: string;
}

export interface ScenarioResult {
  /** Markdown tables with a heading line each, printed in order. */
  tables: string[];
  figures: Figure[];
}

export interface Scenario {
  /** What the experiment shows, one line. */
  title: string;
  /** The peers --compare accepts for this chapter. */
  peers: readonly string[];
  run(context: ScenarioContext): Promise<ScenarioResult>;
}
