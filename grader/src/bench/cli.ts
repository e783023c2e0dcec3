// `npm run bench`: a chapter's experiment (scenario/run.ts), or one --url target: parse, check
// the target is this machine, warm up, measure, print.
// Exit codes: 0 the run happened (errors it counted are results, not failures), 2 it could not.
import { LabError, UsageError } from '../errors.ts';
import { parseBenchArgs, USAGE } from './args.ts';
import { createAgent, runPhase } from './load.ts';
import { resolvesToLoopback } from './loopback.ts';
import { renderText, toReport } from './render.ts';
import { summarise } from './stats.ts';
import { isChapterArgument, parseScenarioArgs, SCENARIO_USAGE } from './scenario/args.ts';
import { runScenario } from './scenario/run.ts';

export interface BenchIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: BenchIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export async function runBench(argv: string[], io: BenchIo = processIo): Promise<number> {
  try {
    // "npm run bench -- 02": a chapter's experiment; anything else is the one-target --url mode.
    if (isChapterArgument(argv[0])) {
      const scenario = parseScenarioArgs(argv);
      if (scenario.command === 'help') {
        io.out(`${SCENARIO_USAGE}\n`);
        return 0;
      }
      return await runScenario(scenario.options, io);
    }
    const parsed = parseBenchArgs(argv);
    if (parsed.command === 'help') {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const { options } = parsed;
    if (!(await resolvesToLoopback(options.url.hostname))) {
      throw new UsageError(`refusing to send load to "${options.url.hostname}": it does not resolve to a loopback address on this machine`);
    }
    const agent = createAgent(options);
    try {
      if (options.warmupMs > 0) {
        if (!options.json) io.err(`bench: warming up for ${options.warmupMs / 1000} s...\n`);
        await runPhase(options, agent, options.warmupMs, options.maxRequests);
      }
      if (!options.json) io.err(`bench: measuring for up to ${options.durationMs / 1000} s...\n`);
      const { recorder, stoppedBy } = await runPhase(options, agent, options.durationMs, options.maxRequests);
      const report = toReport(options, summarise(recorder, stoppedBy), recorder.connectionsOpened, recorder.otherSample);
      io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
      return 0;
    } finally {
      agent.destroy();
    }
  } catch (error) {
    if (error instanceof LabError) {
      io.err(`bench: ${error.message}\n${error.next ? `${error.next}\n` : ''}`);
      return 2;
    }
    io.err(`bench: unexpected error (a bug in bench): ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}
