// Exit code 2 and one clear line whenever the grader cannot run.
import { describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, runGrader } from '../support/cli.ts';

describe('grader usage errors', { timeout: CLI_TIMEOUT_MS }, () => {
  const cases: [string[], RegExp][] = [
    [['grade', '99'], /^grader: there is no chapter "99"\nPick one of: 01-hostile, 02-tiny, 03-missing-dep\.\n$/],
    [['grade', '02', '--bogus'], /^grader: Unknown option '--bogus'/],
    [['grade'], /^grader: which chapter\?\nTry "npm run grade -- 01" or --all\.\n$/],
    [['grade', '--all', '02'], /^grader: give chapters or --all, not both\n/],
    [['grade', '02', '--seed', 'x1'], /^grader: --seed must be a whole number, got "x1"\n/],
    [['frobnicate', '02'], /^grader: unknown command "frobnicate"\n/],
    [['grade', '03'], /^grader: 03-missing-dep needs the package "scaling-lab-fixture-not-installed", which is not installed\nRun "npm install"/],
  ];
  for (const [args, message] of cases) {
    it.concurrent(`exits 2 for: ${args.join(' ')}`, async () => {
      const result = await runGrader(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });
  }

  it('--json reports an error as a versioned report with status "error"', async () => {
    const result = await runGrader(['grade', '99', '--json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ schema: 'scaling-lab/grade-report', version: 2, status: 'error', chapters: [] });
    expect(report.error).toContain('there is no chapter "99"');
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await runGrader(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes: 0 every graded task passed, 1 some failed, 2 the grader could not run.');
  });
});

describe('verify usage', { timeout: CLI_TIMEOUT_MS }, () => {
  it('--help prints the usage and exits 0', async () => {
    const result = await runGrader(['--help'], {}, 'lab-verify.mjs');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('npm run verify -- <chapter...> [options]');
    expect(result.stdout).toContain('--repeat <n>');
    expect(result.stdout).toContain('--jobs <n>');
  });

  it.concurrent.each([
    [['02', '--bogus'], /^verify: Unknown option '--bogus'\nRun "npm run verify -- --help" for the options\.\n$/],
    [['02', '--repeat', '0'], /^verify: --repeat must be 1-100, got "0"\n$/],
    [['02', '--jobs', '0'], /^verify: --jobs must be 1-8, got "0"\n$/],
    [['02', '--jobs', 'two'], /^verify: --jobs must be 1-8, got "two"\n$/],
    [['02', '--jobs', '2.5'], /^verify: --jobs must be 1-8, got "2.5"\n$/],
    [[], /^verify: which chapter\?\nTry "npm run verify -- 01" or "--all"\.\n$/],
  ])('exits 2 for: %j', async (args, message) => {
    const result = await runGrader(args as string[], {}, 'lab-verify.mjs');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message as RegExp);
  });
});
