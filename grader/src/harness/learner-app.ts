// Starting the learner's program: the chapter's declared entry point run by Node with tsx's
// loader, on a fresh port of 127.0.0.1 and a fresh data directory, told where through the
// environment (PORT, HOST, DATA_DIR, INSTANCE_ID) as the lesson describes.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { childEnv } from './child-env.ts';
import { currentChapter, currentTask, ENV, runContext, UNTASKED } from './context.ts';
import { noteNotReady } from './diagnosis.ts';
import { LabFailure } from './failure.ts';
import { noteReady, readyPatience, registerLearnerPort } from './program-record.ts';
import { track } from './components.ts';
import { allocatePort } from './ports.ts';
import { Component } from './process.ts';

export interface LearnerAppOptions {
  /** Which of the chapter's entry points to start (chapter.json `entry`); default "main". */
  entry?: string;
  /** Extra or overriding environment variables. */
  env?: Record<string, string | undefined>;
  /** Reuse a data directory (a restart); default: a new empty one. */
  dataDir?: string;
  /** Reuse a port (a restart on the same address); default: a new one. */
  port?: number;
  instanceId?: string;
  /** Name in messages; default "your app". */
  name?: string;
  /** Do not wait for the port to accept connections (for programs expected to fail at start). */
  noWait?: boolean;
  readyTimeoutMs?: number;
}

export interface LearnerApp {
  component: Component;
  url: string;
  port: number;
  dataDir: string;
  instanceId: string;
}

let dataDirs = 0;

/** A new empty directory inside this run's scratch space. */
export function freshDir(label: string): string {
  const dir = path.join(runContext().runDir, 'data', `${process.pid}-${++dataDirs}-${label}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Resolved from the grader's own dependencies, so the learner's folder needs nothing installed.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
const compiledLoader = new URL('./loader/register.mjs', import.meta.url).href;

/** How to run TypeScript: the grader's one-time compilation when there is one, else tsx. */
function loaderArgs(): { args: string[]; env: Record<string, string> } {
  const { codeDir, compiledDir, compiledPackages } = runContext();
  if (!compiledDir) return { args: ['--import', tsxLoader], env: {} };
  const traceDir = process.env[ENV.traceDir];
  const task = currentTask();
  return {
    args: ['--enable-source-maps', '--import', compiledLoader],
    env: {
      LAB_LOADER_MAP: JSON.stringify([[codeDir, compiledDir], ...compiledPackages]),
      // A process started outside any task is recorded apart, and verify then prunes nothing.
      ...(traceDir ? { [ENV.loaderTrace]: path.join(traceDir, `${task ?? UNTASKED}.txt`) } : {}),
    },
  };
}

function entryFile(entries: Record<string, string>, name: string): string {
  const file = entries[name];
  if (!file) throw new Error(`chapter.json declares no entry point "${name}" (it has: ${Object.keys(entries).join(', ')})`);
  return file;
}

/**
 * Records a start that failed, for the rest of the task (diagnosis.ts) and of the run
 * (program-record.ts), and returns the failure to throw: the same, unless the wait was cut short.
 */
function failedStart(start: { name: string; entry: string; created?: Component; error: unknown; shortened: boolean }): unknown {
  const { name, entry, created, error, shortened } = start;
  // Still running when the wait ended: it never accepted connections (it did not crash).
  const hung = created?.running === true;
  if (hung) noteReady(entry, false);
  const message = error instanceof Error ? error.message : String(error);
  const failure = hung && shortened
    ? new LabFailure(`${message}; the grader waited less than usual because ${name} has not once accepted connections on its PORT in this run, and an earlier test waited the full time in vain`)
    : error;
  noteNotReady(name, failure instanceof Error ? failure.message : message);
  return failure;
}

export async function startLearnerApp(options: LearnerAppOptions = {}): Promise<LearnerApp> {
  const { codeDir } = runContext();
  const loader = loaderArgs();
  const { meta } = currentChapter();
  const port = options.port ?? (await allocatePort());
  const dataDir = options.dataDir ?? freshDir('app');
  const instanceId = options.instanceId ?? `app-${port}`;
  const name = options.name ?? 'your app';
  const entry = options.entry ?? 'main';
  const fullWaitMs = options.readyTimeoutMs ?? 10_000;
  const readyTimeoutMs = readyPatience(entry, fullWaitMs);
  // Answers from this port, or silence, tell the run about this entry point (program-record.ts).
  registerLearnerPort(port, entry);
  let created: Component | undefined;
  const component = await Component.start({
    name,
    command: process.execPath,
    args: [...loader.args, path.join(codeDir, entryFile(meta.entries, entry))],
    // Like `npm start` from the chapter folder: relative paths resolve the same way.
    cwd: path.dirname(codeDir),
    env: childEnv({ ...loader.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, INSTANCE_ID: instanceId, ...options.env }),
    readyPort: options.noWait ? undefined : port,
    readyTimeoutMs,
    contain: true,
    memoryLimitMiB: meta.memoryLimitMiB,
  }, (started) => {
    created = started;
    track(started);
  }).catch((error: unknown) => {
    throw failedStart({ name, entry, created, error, shortened: readyTimeoutMs < fullWaitMs });
  });
  if (!options.noWait) noteReady(entry, true);
  return { component, url: `http://127.0.0.1:${port}`, port, dataDir, instanceId };
}
