// The harness against hostile programs: each misbehaviour must end with the test, leaving
// nothing running.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { childEnv } from '../../src/harness/child-env.ts';
import { allocatePort } from '../../src/harness/ports.ts';
import { containment } from '../../src/harness/containment.ts';
import { kernelMemoryCap } from '../../src/harness/memory-cgroup.ts';
import { Component, describeExit } from '../../src/harness/process.ts';
import { request } from '../../src/harness/http-client.ts';
import { isAlive, survivors } from '../support/processes.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/course/chapters/01-hostile/src');
const pidDir = mkdtempSync(path.join(os.tmpdir(), 'lab-pids-'));

interface StartOptions {
  ready?: boolean;
  readyTimeoutMs?: number;
  /** Run it as the harness runs a learner's program (startLearnerApp): contained, memory capped. */
  learner?: boolean;
  memoryLimitMiB?: number;
}

async function start(file: string, options: StartOptions = {}) {
  const port = await allocatePort();
  const component = await Component.start({
    name: file,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(fixtures, file)],
    env: childEnv({ PORT: String(port), PID_DIR: pidDir }),
    readyPort: options.ready === false ? undefined : port,
    readyTimeoutMs: options.readyTimeoutMs,
    contain: options.learner,
    memoryLimitMiB: options.memoryLimitMiB ?? (options.learner ? 512 : undefined),
  });
  return { component, port };
}

/** A one-line program run as a learner's would be; stopped after its test, whatever happens. */
async function startScript(script: string): Promise<Component> {
  const component = await Component.start({ name: 'script', command: process.execPath, args: ['-e', script], env: childEnv(), contain: true });
  toStop.push(component);
  return component;
}

const toStop: Component[] = [];
afterEach(async () => {
  await Promise.all(toStop.splice(0).map((component) => component.stop(500)));
});

afterAll(() => rmSync(pidDir, { recursive: true, force: true }));

describe('Component', () => {
  it('reports an early exit with the exit code and the telling line of output', async () => {
    await expect(start('crash.ts')).rejects.toThrow(/exited with code 3 before it was ready; it said: Error: cannot read DATABASE_URL/);
  });

  it('gives up on a program that never listens, with a message that names the wait', async () => {
    let started: Component | undefined;
    const port = await allocatePort();
    const attempt = Component.start(
      { name: 'silent', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: childEnv(), readyPort: port, readyTimeoutMs: 700 },
      (c) => (started = c),
    );
    await expect(attempt).rejects.toThrow(/timed out after 0\.7 s waiting for silent to accept connections on 127\.0\.0\.1:\d+/);
    await started!.stop();
    expect(isAlive(started!.pid)).toBe(false);
  });

  it('ends a program that ignores SIGTERM with SIGKILL after the grace period', async () => {
    const { component } = await start('stubborn.ts');
    const begun = Date.now();
    const exit = await component.stop(500);
    expect(exit.signal).toBe('SIGKILL');
    expect(Date.now() - begun).toBeLessThan(5000);
    expect(component.outputTail().text).toContain('SIGTERM? not today');
  });

  it('kills children left in the group and children that escaped with setsid', async () => {
    const { component, port } = await start('spawner.ts');
    expect((await request(`http://127.0.0.1:${port}/`)).text).toBe('child');
    await component.stop(500);
    const left = await survivors(pidDir);
    expect(left).toEqual([]);
    expect(readdirSync(pidDir).some((f) => f.startsWith('spawner-escaped'))).toBe(true);
  });

  it('keeps only the tail of a program that prints megabytes, and says so', async () => {
    const { component, port } = await start('chatty.ts', { readyTimeoutMs: 20_000 });
    expect((await request(`http://127.0.0.1:${port}/`)).text).toBe('ok');
    await component.stop();
    const tail = component.outputTail(1000);
    expect(tail.truncated).toBe(true);
    expect(tail.totalBytes).toBeGreaterThan(1_000_000);
    expect(tail.text.length).toBeLessThanOrEqual(1000);
  });

  it('waits a moment after an exit for output still on its way through the pipes, but not for ever', async () => {
    // The exit can be reported before the last output is read. Made certain here: a child that
    // inherited the pipes writes the telling line 200 ms after the program exited.
    const late = (ms: number) => `require('node:child_process').spawn(process.execPath, ['-e', "setTimeout(() => console.error('chirp: PORT must be a number'), ${ms})"], { stdio: 'inherit' }); process.exit(2)`;
    const program = await Component.start({ name: 'late', command: process.execPath, args: ['-e', late(200)], env: childEnv() });
    toStop.push(program);
    expect((await program.waitForExit(10_000)).code).toBe(2);
    expect(program.outputTail().text).toContain('chirp: PORT must be a number');
    // One that holds the pipes open far longer does not hold up the exit.
    const holder = await Component.start({ name: 'holder', command: process.execPath, args: ['-e', late(20_000)], env: childEnv() });
    toStop.push(holder);
    const started = Date.now();
    expect((await holder.waitForExit(10_000)).code).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('pauses and resumes a program with SIGSTOP and SIGCONT', async () => {
    const { component, port } = await start('good.ts');
    component.signal('SIGSTOP');
    await expect(request(`http://127.0.0.1:${port}/`, { timeoutMs: 400 })).rejects.toThrow(/no complete response after 0\.4 s/);
    component.signal('SIGCONT');
    expect((await request(`http://127.0.0.1:${port}/`)).text).toBe('ok');
    const exit = await component.stop();
    expect(exit.code).toBe(0);
  });

  describe(`a learner's program, contained (here: ${containment()})`, () => {
    it('reports its true exit: its code, or the signal that ended it', async () => {
      expect(await (await startScript('process.exit(3)')).exited).toEqual({ code: 3, signal: null });
      const idle = await startScript('setInterval(() => {}, 1000)');
      idle.signal('SIGTERM');
      expect(await idle.waitForExit(5000)).toEqual({ code: null, signal: 'SIGTERM' });
    });

    it('still shuts down gracefully on SIGTERM, and pauses on SIGSTOP', async () => {
      const { component, port } = await start('good.ts', { learner: true });
      toStop.push(component);
      component.signal('SIGSTOP');
      await expect(request(`http://127.0.0.1:${port}/`, { timeoutMs: 400 })).rejects.toThrow(/no complete response after 0\.4 s/);
      component.signal('SIGCONT');
      expect((await request(`http://127.0.0.1:${port}/`)).text).toBe('ok');
      component.signal('SIGTERM');
      expect(await component.waitForExit(5000)).toEqual({ code: 0, signal: null });
    });

    it.skipIf(containment() === 'tag-sweep')('leaves no descendant behind, not even one that left its session with a wiped environment', async () => {
      const { component } = await start('escaper.ts', { learner: true });
      toStop.push(component);
      await component.stop(500);
      expect(readdirSync(pidDir).some((f) => f.startsWith('escaper-escaped'))).toBe(true);
      expect(await survivors(pidDir)).toEqual([]);
    });

    it(`is stopped once it uses more memory than its cap, and the exit says why (cap: ${kernelMemoryCap() ?? 'polled'})`, async () => {
      const failure = start('hog.ts', { learner: true, memoryLimitMiB: 200 });
      await expect(failure).rejects.toThrow('hog.ts was stopped: it used more than 200 MiB of memory before it was ready; it said: allocating without end');
    });

    it.skipIf(kernelMemoryCap() === undefined)('falls back to polling its memory where no cgroup may be made, with the same message', async () => {
      process.env.LAB_MEMORY_CAP = 'polled';
      try {
        const failure = start('hog.ts', { learner: true, memoryLimitMiB: 200 });
        await expect(failure).rejects.toThrow('hog.ts was stopped: it used more than 200 MiB of memory before it was ready; it said: allocating without end');
      } finally {
        delete process.env.LAB_MEMORY_CAP;
      }
    });

    it('describes an exit the harness caused for a reason of its own by that reason', () => {
      expect(describeExit({ code: null, signal: 'SIGKILL', reason: 'it used more than 512 MiB of memory' })).toBe('was stopped: it used more than 512 MiB of memory');
    });
  });
});
