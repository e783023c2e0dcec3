// `npm run bench -- NN [options]`: a chapter's experiment instead of one --url. Checked here,
// like args.ts does for --url mode: a mistake is one UsageError line and exit code 2.
import { parseArgs } from 'node:util';
import { UsageError } from '../../errors.ts';
import { LIMITS } from '../args.ts';
import { PEER_NAMES, type PeerName } from '../peers/peer.ts';

export interface ScenarioOptions {
  /** Two digits: "02". */
  chapter: string;
  /** The reference solution instead of the learner's src/, as `npm run grade -- NN --solution`. */
  solution: boolean;
  /** Each measured run; short values (0.2 s) make smoke runs. */
  durationMs: number;
  /** Measured runs of every setup, interleaved A B A B; tables show medians. */
  rounds: number;
  compare?: PeerName;
  /** Where the charts go; default: the chapter's images/bench/reference (or yours). */
  outDir?: string;
}

export type ScenarioCommand = { command: 'help' } | { command: 'scenario'; options: ScenarioOptions };

export const SCENARIO_USAGE = `Usage: npm run bench -- <chapter> [--solution] [--duration <s>] [--rounds <n>] [--compare <peer>] [--out <dir>]

Runs the chapter's experiment end to end: starts its programs (your src/, or the reference with
--solution) on loopback ports, drives a bounded load, prints tables and writes SVG charts.

  <chapter>          01, 02, 03, ... (the chapter's number)
  --solution         run the reference solution instead of your code
  --duration <s>     seconds of each measured run, 0.1-${LIMITS.maxDurationS} (default 3)
  --rounds <n>       measured runs of each setup, interleaved, 1-7 (default 3); tables show medians
  --compare <peer>   the same load through ${PEER_NAMES.join(', ')} (where the chapter has one),
                     installed from your system's packages; skipped with a note when missing
  --out <dir>        folder for the charts (default: the chapter's images/bench/reference with
                     --solution, images/bench/yours without)

Example:
  npm run bench -- 02 --solution --compare nginx`;

export function isChapterArgument(first: string | undefined): boolean {
  return first !== undefined && /^\d{1,2}$/.test(first);
}

export function parseScenarioArgs(argv: string[]): ScenarioCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        solution: { type: 'boolean', default: false },
        duration: { type: 'string' },
        rounds: { type: 'string' },
        compare: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message, 'Run "npm run bench -- 02 --help" for the options.');
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (positionals.length !== 1 || !isChapterArgument(positionals[0])) {
    throw new UsageError(`give one chapter number, like "npm run bench -- 02", got "${positionals.join(' ')}"`);
  }
  const duration = Number(values.duration ?? '3');
  if (!/^\d+(\.\d+)?$/.test(values.duration ?? '3') || duration < 0.1 || duration > LIMITS.maxDurationS) {
    throw new UsageError(`--duration must be a number of seconds from 0.1 to ${LIMITS.maxDurationS}, got "${values.duration}"`);
  }
  const rounds = Number(values.rounds ?? '3');
  if (!/^\d+$/.test(values.rounds ?? '3') || rounds < 1 || rounds > 7) throw new UsageError(`--rounds must be a whole number from 1 to 7, got "${values.rounds}"`);
  if (values.compare !== undefined && !(PEER_NAMES as readonly string[]).includes(values.compare)) {
    throw new UsageError(`--compare must be one of ${PEER_NAMES.join(', ')}, got "${values.compare}"`);
  }
  return {
    command: 'scenario',
    options: {
      chapter: positionals[0]!.padStart(2, '0'),
      solution: values.solution,
      durationMs: Math.round(duration * 1000),
      rounds,
      ...(values.compare === undefined ? {} : { compare: values.compare as PeerName }),
      ...(values.out === undefined ? {} : { outDir: values.out }),
    },
  };
}
