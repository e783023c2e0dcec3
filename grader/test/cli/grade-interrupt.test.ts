// Ctrl-C or SIGTERM during a grade or a verify: the learner's processes and the grader's own
// test workers are stopped, and the run's folders, the copy of the suites and the port locks
// removed before the grader exits (130 or 143), as at the end of a normal run.
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/harness/poll.ts';
import { CLI_TIMEOUT_MS } from '../support/cli.ts';
import { makePrivateCourse, type PrivateCourse } from '../support/private-course.ts';
import { processesWithEnv } from '../support/processes.ts';

const bin = (name: string) => path.resolve(import.meta.dirname, '../../bin', name);

let course: PrivateCourse | undefined;
afterEach(() => course?.remove());

/** A server that says it started (a file in `pids`) and never answers: the grade would take minutes. */
const hangingServer = (pids: string) =>
  `import { writeFileSync } from 'node:fs';\nimport http from 'node:http';\nwriteFileSync(${JSON.stringify(pids)} + '/' + process.pid, '');\nhttp.createServer(() => {}).listen(Number(process.env.PORT), '127.0.0.1');\n`;

/** Starts a grader; `cutShort` is called once the learner's server has started. */
async function cutShort(command: string, args: string[], pids: string, own: PrivateCourse, how: (child: ChildProcessByStdio<null, Readable, Readable>) => void, testTimeoutMs = 120_000) {
  const child = spawn(process.execPath, [bin(command), ...args], {
    env: { ...process.env, LAB_ROOT: own.root, TMPDIR: own.tmp, NO_COLOR: '1', LAB_TEST_TIMEOUT_MS: String(testTimeoutMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  await pollUntil(() => readdirSync(pids).length > 0, { what: 'the learner server to start', timeoutMs: 60_000 });
  how(child);
  return { ...(await exited), stderr: () => stderr };
}

const interrupt = (command: string, args: string[], signal: NodeJS.Signals, pids: string, own: PrivateCourse) => cutShort(command, args, pids, own, (child) => child.kill(signal));

/** A private course whose learner server (graded with --code) records its pid in `pids` and never answers. */
function hangingCourse() {
  const own = makePrivateCourse(['02-tiny']);
  const pids = path.join(own.tmp, '..', 'pids');
  mkdirSync(pids);
  // Graded with --code: the learner files come from another copy, the overlay sits in this one.
  const other = path.join(own.tmp, '..', 'other');
  mkdirSync(path.join(other, 'chapters', '02-tiny', 'src'), { recursive: true });
  writeFileSync(path.join(other, 'chapters', '02-tiny', 'src', 'server.ts'), hangingServer(pids));
  return { own, pids, other };
}

async function expectNothingLeft(own: PrivateCourse) {
  // The learner's processes and the grader's test workers all inherited the grader's TMPDIR
  // (a pid a learner process reports may be one of its own PID namespace: not used here).
  await pollUntil(() => processesWithEnv(`TMPDIR=${own.tmp}`).length === 0, { what: 'every process the grader started to be gone', timeoutMs: 5000 });
  expect(own.leftovers()).toEqual([]);
}

describe('an interrupted grade', { timeout: CLI_TIMEOUT_MS }, () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]] as const) {
    it(`${signal}: stops the learner's processes and the test workers, removes the run's folders and port locks, exit ${code}`, async () => {
      const { own, pids, other } = hangingCourse();
      course = own;
      const result = await interrupt('lab-grade.mjs', ['grade', '02', '--code', other], signal, pids, course);
      expect(result.code).toBe(code);
      expect(result.stderr()).toContain(`grader: ${signal}: stopped`);
      await expectNothingLeft(course);
    });
  }
});

describe('a grade whose output is closed (npm run grade -- 01 | head -3)', { timeout: CLI_TIMEOUT_MS }, () => {
  it("stops at its next line: the learner's processes and the test workers end, the folders go, exit 141", async () => {
    const { own, pids, other } = hangingCourse();
    course = own;
    // Each test waits out a budget of 2 s for the silent server; then the grader writes the tasks' lines.
    const result = await cutShort('lab-grade.mjs', ['grade', '02', '--code', other], pids, own, (child) => child.stdout.destroy(), 2000);
    expect(result.code).toBe(141);
    expect(result.stderr()).toContain('grader: its output was closed: stopped');
    await expectNothingLeft(own);
  });
});

describe('a grader killed outright (SIGKILL)', { timeout: CLI_TIMEOUT_MS }, () => {
  it("leaves no process running: its test workers end and take the learner's processes with them; the next grade removes its folders", async () => {
    const { own, pids, other } = hangingCourse();
    course = own;
    const result = await cutShort('lab-grade.mjs', ['grade', '02', '--code', other], pids, own, (child) => child.kill('SIGKILL'));
    expect(result.signal).toBe('SIGKILL');
    await pollUntil(() => processesWithEnv(`TMPDIR=${own.tmp}`).length === 0, { what: 'the workers and the learner server to end by themselves', timeoutMs: 5000 });
    const next = spawnSync(process.execPath, [bin('lab-grade.mjs'), 'grade', '02', '--solution'], { env: { ...process.env, LAB_ROOT: own.root, TMPDIR: own.tmp, NO_COLOR: '1' }, encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
    expect(next.status, next.stderr).toBe(0);
    expect(own.leftovers()).toEqual([]);
  });
});

describe('an interrupted verify', { timeout: CLI_TIMEOUT_MS }, () => {
  it('SIGTERM: stops the test worker grading the chapter and leaves nothing behind, exit 143', async () => {
    course = makePrivateCourse(['02-tiny']);
    const pids = path.join(course.tmp, '..', 'pids');
    mkdirSync(pids);
    // The reference never answers: verify's first grade would wait out every test's budget.
    writeFileSync(path.join(course.chapter('02-tiny'), 'solution', 'server.ts'), hangingServer(pids));
    const result = await interrupt('lab-verify.mjs', ['02'], 'SIGTERM', pids, course);
    expect(result.code).toBe(143);
    expect(result.stderr()).toContain('verify: SIGTERM: stopped');
    await expectNothingLeft(course);
  });
});
