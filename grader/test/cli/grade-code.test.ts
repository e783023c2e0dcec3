// `grade --code`: another copy's learner files, graded with this copy's suites and grader.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, fixtureCourse, runGrader } from '../support/cli.ts';

const tiny = path.join(fixtureCourse, 'chapters', '02-tiny');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A learner's copy of the fixture course with `server` as their learner file. */
function learnerCopy(server: 'solution' | 'stub'): string {
  const root = tempDir('lab-code-');
  const chapter = path.join(root, 'chapters', '02-tiny');
  cpSync(tiny, chapter, { recursive: true, filter: (from) => !from.includes(`${path.sep}.lab`) });
  cpSync(path.join(tiny, server === 'solution' ? 'solution' : 'src', 'server.ts'), path.join(chapter, 'src', 'server.ts'));
  return root;
}

describe('grade --code', { timeout: CLI_TIMEOUT_MS }, () => {
  it('grades the learner files of another copy, and names it', async () => {
    const root = learnerCopy('solution');
    const result = await runGrader(['grade', '02', '--code', root, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.chapters[0]).toMatchObject({ code: `code from ${root}`, points: { earned: 8, possible: 8 } });
  });

  it('ignores whatever that copy did to its own suites and grader', async () => {
    const root = learnerCopy('stub');
    const chapter = path.join(root, 'chapters', '02-tiny');
    // A copy whose hidden suite passes anything, and whose provided files were "improved".
    writeFileSync(path.join(chapter, 'grading', 'tiny.test.ts'), "import { describeTask } from '@scaling-lab/grader/harness';\nimport { it } from 'vitest';\ndescribeTask('T1', () => { it('says hello', () => {}); });\ndescribeTask('T2', () => { it('says bye', () => {}); });\n");
    mkdirSync(path.join(root, 'grader'), { recursive: true });
    writeFileSync(path.join(root, 'grader', 'package.json'), '{"name": "not-the-grader"}');
    const result = await runGrader(['grade', '02', '--code', root]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Total 0/8 points');
    expect(result.stderr).toContain(`grading 02-tiny (the learner files of ${root})`);
    expect(result.stdout).toContain(`npm run grade -- 02 --code ${root} --task T1`);
  });

  it('clones a git URL and grades it', async () => {
    const root = learnerCopy('solution');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=lab@example.invalid', '-c', 'user.name=lab', ...args], { cwd: root, stdio: 'ignore' });
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'my work');
    const result = await runGrader(['grade', '02', '--code', `file://${root}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Total 8/8 points');
    const missing = await runGrader(['grade', '02', '--code', `file://${root}-does-not-exist`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--code: could not clone');
  });

  it('refuses a learner file that is a link, a copy without the chapter, and bad flags', async () => {
    const root = learnerCopy('stub');
    const server = path.join(root, 'chapters', '02-tiny', 'src', 'server.ts');
    const elsewhere = path.join(root, 'elsewhere.ts');
    cpSync(server, elsewhere);
    rmSync(server);
    symlinkSync(elsewhere, server);
    const linked = await runGrader(['grade', '02', '--code', root]);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toContain('chapters/02-tiny/src/server.ts is not a plain file');

    const empty = tempDir('lab-code-empty-');
    const noChapter = await runGrader(['grade', '02', '--code', empty]);
    expect(noChapter.code).toBe(2);
    expect(noChapter.stderr).toContain('has no chapters/02-tiny/src/');

    for (const [args, message] of [
      [['grade', '02', '--code', root, '--solution'], 'give --solution or --code, not both'],
      [['check', '02', '--code', root], '--code grades with the hidden suites'],
      [['grade', '02', '--code', ''], '--code needs a folder or a git URL'],
      [['grade', '02', '--code', path.join(root, 'nope')], '--code: no folder'],
    ] as const) {
      const result = await runGrader([...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
