// Ctrl-C or SIGTERM during a grade: the learner's processes are stopped and the run's folders
// removed before the grader exits (130 or 143), as at the end of a normal run.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/harness/poll.ts';
import { CLI_TIMEOUT_MS, fixtureCourse } from '../support/cli.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/lab-grade.mjs');
const tiny = path.join(fixtureCourse, 'chapters', '02-tiny');
const root = mkdtempSync(path.join(os.tmpdir(), 'lab-interrupt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('an interrupted grade', { timeout: CLI_TIMEOUT_MS }, () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal}: stops the learner's processes and removes the run's overlay, exit ${code}`, async () => {
      // A learner copy whose server records its pid and never answers: the grade would take minutes.
      const pids = path.join(root, `pids-${signal}`);
      mkdirSync(pids);
      const copy = path.join(root, `copy-${signal}`);
      cpSync(tiny, path.join(copy, 'chapters', '02-tiny'), { recursive: true, filter: (from) => !from.includes(`${path.sep}.lab`) });
      writeFileSync(
        path.join(copy, 'chapters', '02-tiny', 'src', 'server.ts'),
        `import { writeFileSync } from 'node:fs';\nimport http from 'node:http';\nwriteFileSync(${JSON.stringify(pids)} + '/' + process.pid, '');\nhttp.createServer(() => {}).listen(Number(process.env.PORT), '127.0.0.1');\n`,
      );
      const runs = path.join(tiny, '.lab', 'runs');
      const runsBefore = existsSync(runs) ? readdirSync(runs) : [];
      const grader = spawn(process.execPath, [bin, 'grade', '02', '--code', copy], { env: { ...process.env, LAB_ROOT: fixtureCourse, NO_COLOR: '1', LAB_TEST_TIMEOUT_MS: '120000' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      grader.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => grader.on('close', (exitCode) => resolve(exitCode)));
      await pollUntil(() => readdirSync(pids).length > 0, { what: 'the learner server to start', timeoutMs: 60_000 });
      grader.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toContain(`grader: ${signal}: stopped`);
      const started = readdirSync(pids).map(Number);
      await pollUntil(() => started.every((pid) => !alive(pid)), { what: 'every learner process to be gone', timeoutMs: 5000 });
      const left = (existsSync(runs) ? readdirSync(runs) : []).filter((run) => !runsBefore.includes(run));
      expect(left).toEqual([]);
    });
  }
});
