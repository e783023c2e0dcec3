// Ctrl-C or SIGTERM during a grade or a verify: the learner's processes and the grader's own
// test workers are stopped, and the run's folders, the copy of the suites and the port locks
// removed before the grader exits (130 or 143), as at the end of a normal run.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

async function interrupt(command: string, args: string[], signal: 'SIGINT' | 'SIGTERM', pids: string, own: PrivateCourse) {
  const child = spawn(process.execPath, [bin(command), ...args], {
    env: { ...process.env, LAB_ROOT: own.root, TMPDIR: own.tmp, NO_COLOR: '1', LAB_TEST_TIMEOUT_MS: '120000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  await pollUntil(() => readdirSync(pids).length > 0, { what: 'the learner server to start', timeoutMs: 60_000 });
  child.kill(signal);
  return { code: await exited, stderr: () => stderr };
}

async function expectNothingLeft(own: PrivateCourse) {
  // The learner's processes and the grader's test workers all inherited the grader's TMPDIR
  // (a pid a learner process reports may be one of its own PID namespace: not used here).
  await pollUntil(() => processesWithEnv(`TMPDIR=${own.tmp}`).length === 0, { what: 'every process the grader started to be gone', timeoutMs: 5000 });
  expect(own.leftovers()).toEqual([]);
}

describe('an interrupted grade', { timeout: CLI_TIMEOUT_MS }, () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal}: stops the learner's processes and the test workers, removes the run's folders and port locks, exit ${code}`, async () => {
      course = makePrivateCourse(['02-tiny']);
      const pids = path.join(course.tmp, '..', 'pids');
      mkdirSync(pids);
      // Graded with --code: the learner files come from another copy, the overlay sits in this one.
      const other = path.join(course.tmp, '..', 'other');
      mkdirSync(path.join(other, 'chapters', '02-tiny', 'src'), { recursive: true });
      writeFileSync(path.join(other, 'chapters', '02-tiny', 'src', 'server.ts'), hangingServer(pids));
      const result = await interrupt('lab-grade.mjs', ['grade', '02', '--code', other], signal, pids, course);
      expect(result.code).toBe(code);
      expect(result.stderr()).toContain(`grader: ${signal}: stopped`);
      await expectNothingLeft(course);
    });
  }
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
