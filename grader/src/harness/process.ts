// One spawned program under test (a learner's server, a fake backend): its own process group,
// captured output, readiness polling, signals, and a teardown that always ends it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { containedCommand, containment, readContainedExit } from './containment.ts';
import { ENV, runContext } from './context.ts';
import { LabFailure } from './failure.ts';
import { OutputBuffer, type OutputTail, tellingLine } from './output-buffer.ts';
import { createMemoryCgroup, joinCgroupCommand, type MemoryCgroup } from './memory-cgroup.ts';
import { watchMemory } from './memory-watch.ts';
import { formatSeconds, pollUntil } from './poll.ts';
import { childrenOf, hasEnded, startTimeOf } from './proc-tree.ts';
import { killTagged } from './process-sweep.ts';
import { waitingFor } from './waits.ts';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the harness ended the program on its own account (the memory cap), when it did. */
  reason?: string;
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
  /**
   * A learner's program: contained so that no descendant outlives it whatever it does to its
   * session, group or environment (a PID namespace, where the system allows; containment.ts).
   */
  contain?: boolean;
  /** Kill the program (and its descendants) once their resident memory passes this many MiB. */
  memoryLimitMiB?: number;
}

/** Signals a suite may send: stop gracefully, crash, pause and resume. */
export type LabSignal = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGSTOP' | 'SIGCONT';

let counter = 0;

const MIB = 1024 * 1024;
/** How long an exit waits for the program's last output still in the pipes. */
const OUTPUT_DRAIN_MS = 500;

export class Component {
  readonly output = new OutputBuffer();
  readonly exited: Promise<ExitInfo>;
  private exitInfo: ExitInfo | undefined;
  /**
   * Set once a test signals the program or waits for its exit: from then on its exit or silence
   * is the test's business, not a crash to report.
   */
  private steered = false;
  private crashedAt: number | undefined;
  /** Set when the harness killed the program for a reason of its own (the memory cap). */
  private stopReason: string | undefined;
  /** In a namespace: its init, the program's parent (see containment.ts), and when it started. */
  private init: { pid: number; startTime: string | undefined } | undefined;
  private readonly tag: string;
  private readonly registryFile: string;

  private constructor(
    readonly spec: SpawnSpec,
    private readonly child: ChildProcess,
    tag: string,
    /** Where the namespace's init writes the program's true exit; unset when not in a namespace. */
    private readonly exitFile?: string,
    /** The program's memory cgroup, where the kernel enforces the cap; else the cap is polled. */
    private readonly cgroup?: MemoryCgroup,
  ) {
    this.tag = tag;
    const { runDir } = runContext();
    mkdirSync(path.join(runDir, 'processes'), { recursive: true });
    this.registryFile = path.join(runDir, 'processes', String(child.pid));
    // The grader sweeps this folder after the run, in case this worker dies before teardown.
    writeFileSync(this.registryFile, tag);
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk));
    // 'exit' may come before the last output has been read from the pipes: a test that reads the
    // output of a program that refused to start must see all of it. A descendant that inherited
    // the pipes can hold them open, so the wait is bounded.
    const outputRead = Promise.all([child.stdout!, child.stderr!].map((stream) => new Promise((done) => stream.once('close', done))));
    const unwatch = spec.memoryLimitMiB === undefined || cgroup ? () => {} : this.capMemory(spec.memoryLimitMiB);
    this.exited = new Promise((resolve) => {
      child.once('exit', async (code, signal) => {
        unwatch();
        await Promise.race([outputRead, new Promise((done) => setTimeout(done, OUTPUT_DRAIN_MS))]);
        // Killed by a signal, unshare did not wait for its init: the namespace may live on a moment.
        if (signal) await this.untilNamespaceEnds();
        // In a namespace, unshare mirrors its init, not the program: the init wrote the program's exit.
        const own = this.exitFile ? readContainedExit(this.exitFile) : undefined;
        if (cgroup?.oomKilled()) this.stopReason = overCap(spec.memoryLimitMiB!);
        cgroup?.remove();
        this.exitInfo = { ...(own ?? { code, signal }), ...(this.stopReason ? { reason: this.stopReason } : {}) };
        if (!this.steered) this.crashedAt = Date.now();
        rmSync(this.registryFile, { force: true });
        resolve(this.exitInfo);
      });
    });
  }

  /** Starts the program; `onCreated` sees it before readiness is awaited, so a hung start is still torn down. */
  static async start(spec: SpawnSpec, onCreated?: (component: Component) => void): Promise<Component> {
    const { runId } = runContext();
    const id = `${process.pid}-${++counter}`;
    const tag = `${runId}:${id}`;
    const method = spec.contain ? containment() : 'tag-sweep';
    const exitFile = method === 'tag-sweep' ? undefined : path.join(runContext().runDir, 'exits', `${id}.json`);
    if (exitFile) mkdirSync(path.dirname(exitFile), { recursive: true });
    const contained = method === 'tag-sweep' ? spec : containedCommand(method, spec.command, spec.args, exitFile!);
    // Where the kernel can enforce the memory cap, the program starts inside its own cgroup.
    const cgroup = spec.memoryLimitMiB === undefined ? undefined : createMemoryCgroup(runId, id, spec.memoryLimitMiB * MIB);
    const { command, args } = cgroup ? joinCgroupCommand(cgroup, contained.command, contained.args) : contained;
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: { ...spec.env, [ENV.processTag]: tag },
      // A new process group (and session): signals reach the program and its children at once.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => {
        cgroup?.remove();
        reject(new LabFailure(`could not start ${spec.name} (${spec.command}): ${error.message}`));
      });
    });
    const component = new Component(spec, child, tag, exitFile, cgroup);
    onCreated?.(component);
    if (exitFile) await component.untilProgramRuns();
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

  outputTail(maxBytes?: number, sinceByte?: number): OutputTail {
    return this.output.tail(maxBytes, sinceByte);
  }

  /** When the program exited although nothing had signalled it or waited for its exit (a crash). */
  get exitedOnItsOwnAt(): number | undefined {
    return this.crashedAt;
  }

  /** Whether a test has signalled the program (stopped, paused, killed it) or waited for its exit. */
  get steeredByTest(): boolean {
    return this.steered;
  }

  /** Sends a signal to the whole process group. */
  signal(signal: LabSignal): void {
    this.steered = true;
    try {
      process.kill(-this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  /** Waits for the process to exit; a LabFailure if it is still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ExitInfo> {
    // A test that waits for the exit expects it: it is not a crash to report.
    this.steered = true;
    const done = waitingFor(`${this.name} to exit`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LabFailure(`${this.name} was still running ${formatSeconds(timeoutMs)} later`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
      done();
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
    // The leader is gone; its group or escaped children may not be. In a PID namespace they
    // went with its init; otherwise the tag in their environment finds them.
    this.signal('SIGKILL');
    if (!this.exitFile) killTagged(this.tag);
    return info;
  }

  /**
   * In a namespace the program is the init's child, and until it exists a signal to the group
   * reaches only unshare and the init, which both ignore it: the signal would be lost.
   */
  private async untilProgramRuns(): Promise<void> {
    const programExists = () => {
      if (!this.init) {
        const pid = childrenOf(this.pid)[0];
        if (pid === undefined) return false;
        this.init = { pid, startTime: startTimeOf(pid) };
      }
      return childrenOf(this.init.pid).length > 0;
    };
    await pollUntil(() => !this.running || programExists(), { what: `${this.name} to start`, timeoutMs: 10_000, intervalMs: 5 });
  }

  /**
   * A signal to the group kills unshare at once, and its exit says nothing about the program:
   * until the namespace's init has ended (the kernel ends it last, once everything in the
   * namespace has), the program may still hold its port. A test that restarts on that port
   * must find it free.
   */
  private async untilNamespaceEnds(): Promise<void> {
    const init = this.init;
    if (!init) return;
    await pollUntil(() => hasEnded(init.pid, init.startTime), { what: `${this.name} to end`, timeoutMs: 5000, intervalMs: 5 }).catch(() => {
      // Then report the exit anyway: a late port is a smaller harm than a test that hangs.
    });
  }

  private capMemory(limitMiB: number): () => void {
    return watchMemory({
      rootPid: this.pid,
      // unshare and the namespace's init are the harness's, not the learner's.
      skipLevels: this.exitFile ? 2 : 0,
      limitBytes: limitMiB * MIB,
      onExceeded: () => {
        this.stopReason = overCap(limitMiB);
        // Not through signal(): the test did not ask for this exit, so it is reported like a crash.
        try {
          process.kill(-this.pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      },
    });
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
    const telling = tellingLine(this.output.tail(4096).text);
    const said = telling ? `; it said: ${telling}` : ' without printing anything';
    return new LabFailure(`${this.name} ${how} before it was ready${said}`);
  }
}

function overCap(limitMiB: number): string {
  return `it used more than ${limitMiB} MiB of memory`;
}

export function describeExit(info: ExitInfo): string {
  if (info.reason) return `was stopped: ${info.reason}`;
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
