// One spawned program under test (a learner's server, a fake backend): its own process group,
// captured output, readiness polling, signals, and a teardown that always ends it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ENV, runContext } from './context.ts';
import { LabFailure } from './failure.ts';
import { OutputBuffer, type OutputTail } from './output-buffer.ts';
import { formatSeconds, pollUntil } from './poll.ts';
import { killTagged } from './process-sweep.ts';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnSpec {
  /** Shown in every message about this process: "app", "backend b2". */
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** When set, start() waits until this port on 127.0.0.1 accepts connections. */
  readyPort?: number;
  readyTimeoutMs?: number;
}

/** Signals a suite may send: stop gracefully, crash, pause and resume. */
export type LabSignal = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGSTOP' | 'SIGCONT';

let counter = 0;

export class Component {
  readonly output = new OutputBuffer();
  readonly exited: Promise<ExitInfo>;
  private exitInfo: ExitInfo | undefined;
  private readonly tag: string;
  private readonly registryFile: string;

  private constructor(
    readonly spec: SpawnSpec,
    private readonly child: ChildProcess,
    tag: string,
  ) {
    this.tag = tag;
    const { runDir } = runContext();
    mkdirSync(path.join(runDir, 'processes'), { recursive: true });
    this.registryFile = path.join(runDir, 'processes', String(child.pid));
    // The grader sweeps this folder after the run, in case this worker dies before teardown.
    writeFileSync(this.registryFile, tag);
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        rmSync(this.registryFile, { force: true });
        resolve(this.exitInfo);
      });
    });
  }

  /** Starts the program; `onCreated` sees it before readiness is awaited, so a hung start is still torn down. */
  static async start(spec: SpawnSpec, onCreated?: (component: Component) => void): Promise<Component> {
    const { runId } = runContext();
    const tag = `${runId}:${process.pid}-${++counter}`;
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...spec.env, [ENV.processTag]: tag },
      // A new process group (and session): signals reach the program and its children at once.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new LabFailure(`could not start ${spec.name} (${spec.command}): ${error.message}`)));
    });
    const component = new Component(spec, child, tag);
    onCreated?.(component);
    if (spec.readyPort !== undefined) await component.waitUntilListening(spec.readyPort, spec.readyTimeoutMs ?? 10_000);
    return component;
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  outputTail(maxBytes?: number): OutputTail {
    return this.output.tail(maxBytes);
  }

  /** Sends a signal to the whole process group. */
  signal(signal: LabSignal): void {
    try {
      process.kill(-this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  /** Waits for the process to exit; a LabFailure if it is still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ExitInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LabFailure(`${this.name} was still running ${formatSeconds(timeoutMs)} later`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Ends the component whatever state it is in: SIGTERM (and SIGCONT, in case it is paused),
   * then SIGKILL after the grace period, then a sweep for escaped descendants.
   */
  async stop(graceMs = 2000): Promise<ExitInfo> {
    if (this.running) {
      this.signal('SIGTERM');
      this.signal('SIGCONT');
      const ended = await Promise.race([this.exited, new Promise((r) => setTimeout(r, graceMs, undefined))]);
      if (!ended) this.signal('SIGKILL');
    }
    const info = await this.exited;
    // The leader is gone; its group or escaped children may not be.
    this.signal('SIGKILL');
    killTagged(this.tag);
    return info;
  }

  private async waitUntilListening(port: number, timeoutMs: number): Promise<void> {
    await pollUntil(() => canConnect(port), {
      what: `${this.name} to accept connections on 127.0.0.1:${port}`,
      timeoutMs,
      intervalMs: 50,
      abort: () => (this.exitInfo ? this.earlyExitFailure() : undefined),
    });
  }

  private earlyExitFailure(): LabFailure {
    const how = describeExit(this.exitInfo!);
    const tail = this.output.tail(4096).text;
    // The most telling line: the last thing that looks like an error, else the last line.
    const lines = tail.split('\n').map((line) => line.trim()).filter(Boolean);
    const telling = lines.findLast((line) => /\b\w*(Error|Exception)\b|^error\b|:\s*error/i.test(line)) ?? lines.at(-1);
    const said = telling ? `; it said: ${telling}` : ' without printing anything';
    return new LabFailure(`${this.name} ${how} before it was ready${said}`);
  }
}

export function describeExit(info: ExitInfo): string {
  return info.signal ? `was ended by ${info.signal}` : `exited with code ${info.code}`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
