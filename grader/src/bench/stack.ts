// Starting a chapter's programs for an experiment, as a learner would with `npm run ...`:
// each under tsx, on a free loopback port, stopped with SIGTERM at the end (bench scripts).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const running: ChildProcess[] = [];

/** A port below the kernel's ephemeral range that nothing listens on right now. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

async function waitForPort(port: number, child: ChildProcess, name: string, said: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it listened${said() ? `; it said: ${said()}` : ''}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true))).once('error', () => resolve(false));
    });
    if (open) return;
    await delay(50);
  }
  throw new Error(`${name} did not listen on port ${port} within 15 s`);
}

export interface StartOptions {
  /**
   * Keep the program's stderr to ourselves (its last 2 KB join the error if it fails to start):
   * under load a balancer logs every failed forward, which would bury a scenario's tables.
   */
  quiet?: boolean;
}

/** Starts a program and waits until it listens on `port`. */
export async function start(name: string, command: string, args: string[], env: Record<string, string>, port: number, options: StartOptions = {}): Promise<ChildProcess> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', options.quiet ? 'pipe' : 'inherit'] });
  running.push(child);
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2048)));
  await waitForPort(port, child, name, () => tail.trim());
  return child;
}

/** Starts one of the chapter's TypeScript entry points from `codeDir` with tsx. */
export function startEntry(codeDir: string, entry: string, env: Record<string, string>, options: StartOptions = {}): Promise<ChildProcess> {
  return start(entry, process.execPath, ['--import', 'tsx', path.join(codeDir, entry)], { HOST: '127.0.0.1', ...env }, Number(env.PORT), options);
}

const scratch: string[] = [];

/** A new temp folder (data, peer configs), removed by stopAll() once its programs are gone. */
export function scratchDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `scaling-lab-bench-${label}-`));
  scratch.push(dir);
  return dir;
}

export async function stopAll(): Promise<void> {
  await Promise.all(
    running.splice(0).map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    })),
  );
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}
