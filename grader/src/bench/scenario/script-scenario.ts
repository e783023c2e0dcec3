// Chapters 04-06 had their experiments as scripts in chapters/NN-*/bench/ before this command
// existed; the lessons quote them, so they stay the experiment, and `npm run bench -- NN` runs
// them: each script as its own process from the chapter folder, with --solution, its duration
// and rounds translated to the script's flags and --chart pointed at the output folder. What a
// script prints is the table; the charts it writes are read back as the figures.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScenarioOptions } from './args.ts';
import type { Figure, Scenario, ScenarioContext } from './types.ts';

export interface ScriptStep {
  /** The script, relative to the chapter folder: "bench/zipf-reads.ts" (Node) or "bench/x.sh" (bash). */
  script: string;
  /** Its flags for these options; `chart` is a file path to hand to --chart, if it draws one. */
  args(options: ScenarioOptions, chart: string | undefined): string[];
  /** The figure's file name, when the script draws a chart. */
  figure?: string;
  env?(options: ScenarioOptions): Record<string, string>;
  /** Run only with this --compare. */
  onlyWith?: string;
}

// Resolved from the grader, as learner-app.ts does: the script's folder need not see tsx itself.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

function runScript(chapterDir: string, step: ScriptStep, args: string[], env: Record<string, string>, log: (l: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    // A TypeScript script runs in Node through tsx; a shell script (one that drives wrk) in bash.
    const [command, commandArgs] = step.script.endsWith('.sh') ? ['bash', [step.script, ...args]] : [process.execPath, ['--import', tsxLoader, step.script, ...args]];
    const child = spawn(command, commandArgs, { cwd: chapterDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-4096);
      for (const line of chunk.toString().split('\n').filter(Boolean)) log(`${path.basename(step.script)}: ${line}`);
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${step.script} exited with code ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`))));
  });
}

export function scriptScenario(chapterDir: () => string, title: string, peers: readonly string[], steps: readonly ScriptStep[]): Scenario {
  return {
    title,
    peers,
    async run(context: ScenarioContext) {
      const { options, log } = context;
      const tables: string[] = [];
      const figures: Figure[] = [];
      const charts = mkdtempSync(path.join(os.tmpdir(), 'scaling-lab-bench-charts-'));
      try {
        for (const step of steps) {
          if (step.onlyWith !== undefined && step.onlyWith !== options.compare) continue;
          const chart = step.figure ? path.join(charts, step.figure) : undefined;
          const args = [...(options.solution ? ['--solution'] : []), ...step.args(options, chart)];
          log(`running ${step.script} ${args.join(' ')}`);
          const out = await runScript(chapterDir(), step, args, step.env?.(options) ?? {}, log);
          // The heading names the command as a reader would type it, the chart by its output name.
          const shown = args.map((a) => (a === chart ? `<out>/${step.figure}` : a));
          tables.push(`${step.script} ${shown.join(' ')}\n\n${out}`);
          if (chart && step.figure && existsSync(chart)) figures.push({ file: step.figure, svg: readFileSync(chart, 'utf8') });
        }
      } finally {
        rmSync(charts, { recursive: true, force: true });
      }
      return { tables, figures };
    },
  };
}
