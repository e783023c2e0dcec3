// `npm run bench -- NN`: prepares the chapter's code exactly as `npm run grade -- NN` does (the
// learner's src/, or the reference overlaid on it with --solution), runs its experiment,
// prints the tables and writes the charts. Everything it started is stopped, whatever happens.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LabError, SetupError, UsageError } from '../../errors.ts';
import { findChapter } from '../../course/chapters.ts';
import { describeSource, prepareCode } from '../../course/code-dir.ts';
import { findPeer } from '../peers/find-peer.ts';
import type { Peer } from '../peers/peer.ts';
import { stopAll } from '../stack.ts';
import type { ScenarioOptions } from './args.ts';
import { SCENARIOS } from './registry.ts';

export interface ScenarioIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The charts' folder: the reference's are the lesson's figures; a learner's stay beside them. */
export function defaultOutDir(chapterDir: string, solution: boolean): string {
  return path.join(chapterDir, 'images', 'bench', solution ? 'reference' : 'yours');
}

/** `lookPeer`: where --compare looks for its peer (tests pretend one is missing). */
export async function runScenario(options: ScenarioOptions, io: ScenarioIo, lookPeer = findPeer): Promise<number> {
  const chapter = findChapter(options.chapter);
  const scenario = SCENARIOS[chapter.number];
  if (!scenario) throw new UsageError(`chapter ${chapter.number} has no bench scenario yet; chapters with one: ${Object.keys(SCENARIOS).join(', ')}`);
  let peer: Peer | undefined;
  if (options.compare) {
    if (!scenario.peers.includes(options.compare)) {
      throw new UsageError(`chapter ${chapter.number} has no --compare ${options.compare}; it compares with: ${scenario.peers.join(', ') || 'nothing'}`);
    }
    const lookup = lookPeer(options.compare);
    if ('missing' in lookup) {
      // The course never depends on a peer: say how to get it, and end as a success.
      io.err(`bench: ${lookup.missing}\n`);
      return 0;
    }
    peer = lookup.found;
  }
  const source = options.solution ? { kind: 'solution' as const } : { kind: 'learner' as const };
  const code = prepareCode(chapter, source, `bench-${process.pid}`);
  const log = (line: string) => io.err(`bench: ${line}\n`);
  try {
    log(`${chapter.name}: ${scenario.title} (${describeSource(source)} code, ${options.rounds} x ${options.durationMs / 1000} s per setup)`);
    const result = await scenario.run({ options, codeDir: code.dir, entries: chapter.meta.entries, peer, log }).catch((error: unknown) => {
      if (error instanceof LabError) throw error;
      // Most often unfinished learner code: a program that does not start, or answers 500.
      throw new SetupError(`the experiment could not run: ${(error as Error).message}`, `Check that "npm run grade -- ${chapter.number}" passes first, or try the reference with --solution.`);
    });
    io.out(`${result.tables.join('\n\n')}\n`);
    const outDir = options.outDir ? path.resolve(options.outDir) : defaultOutDir(chapter.dir, options.solution);
    mkdirSync(outDir, { recursive: true });
    for (const figure of result.figures) {
      writeFileSync(path.join(outDir, figure.file), figure.svg);
      const file = path.join(outDir, figure.file);
      const relative = path.relative(process.cwd(), file);
      log(`chart written to ${relative.startsWith('..') ? file : relative}`);
    }
    return 0;
  } finally {
    await stopAll();
    code.dispose();
  }
}
