// The visible starter tests run on Node's own test runner: through `check`, and on their own as
// a learner runs one file from the editor (`npx tsx --test <file>`), with no grader around.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, fixtureCourse, runGrader } from '../support/cli.ts';

const chapterDir = path.join(fixtureCourse, 'chapters', '02-tiny');

describe('npm run check: the visible tests on node:test', () => {
  it('grades the stubs as failing, with the assertion that failed', async () => {
    const result = await runGrader(['check', '02']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('says hello (visible)');
    expect(result.stdout).toContain('GET /hello: expected status 200, got 404 with body no /hello');
  }, CLI_TIMEOUT_MS);

  it('--task runs only that task: a task with no visible test reports none', async () => {
    const json = await runGrader(['check', '02', '--solution', '--task', 'T2', '--json']);
    expect(JSON.parse(json.stdout).chapters[0].tasks).toEqual([]);
    const human = await runGrader(['check', '02', '--solution', '--task', 'T2']);
    expect(human.stdout).toContain('no starter test covers the tasks asked for: the hidden suite checks them (npm run grade -- 02)');
  }, CLI_TIMEOUT_MS);

  it('a test file runs on its own with tsx --test, finding its chapter from the file', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LAB_') && !name.startsWith('VITEST')));
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=tap', path.join(chapterDir, 'test', 'visible.test.ts')],
        // From the course's root, as an editor would: the chapter comes from the file's path.
        { cwd: fixtureCourse, env: { ...env, NODE_OPTIONS: '' }, timeout: CLI_TIMEOUT_MS },
        (error, stdout) => resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not ok 1 - says hello (visible)');
    expect(result.stdout).toContain('expected status 200, got 404');
  }, CLI_TIMEOUT_MS);
});
