// --bail (for `npm run mutation`): the exit code is the verdict, so a grade stops at its first
// failing test; a passing grade is the same as without it.
import { describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, runGrader } from '../support/cli.ts';

interface TaskJson {
  id: string;
  status: string;
}

describe('grade --bail', { timeout: CLI_TIMEOUT_MS }, () => {
  it('exits 1 at a failing test, and reports only the tasks it reached, the failed one among them', async () => {
    const result = await runGrader(['grade', '02', '--bail', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.status).toBe('fail');
    const tasks: TaskJson[] = report.chapters[0].tasks;
    expect(tasks.some((t) => t.status === 'failed')).toBe(true);
    expect(tasks.length).toBeLessThanOrEqual(2);
  });

  it('grades a passing solution in full and exits 0', async () => {
    const result = await runGrader(['grade', '02', '--solution', '--bail', '--json']);
    expect(result.code).toBe(0);
    const tasks: TaskJson[] = JSON.parse(result.stdout).chapters[0].tasks;
    expect(tasks.map((t) => [t.id, t.status])).toEqual([['T1', 'passed'], ['T2', 'passed']]);
  });

  it('is refused with --watch: a watched grade is read, not only its exit code', async () => {
    const result = await runGrader(['grade', '02', '--bail', '--watch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^grader: --bail leaves tasks ungraded: not with --watch or --junit\n/);
  });
});
