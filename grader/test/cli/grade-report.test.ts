// Grading the tiny fixture chapter: exit codes, the human report a learner reads, --json, --junit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, normalise, runGrader } from '../support/cli.ts';
import { scratchFolders } from '../support/scratch.ts';

const freshFolder = scratchFolders('lab-junit-');

const golden = (name: string) => readFileSync(path.join(import.meta.dirname, 'golden', name), 'utf8');

describe('grading the tiny fixture chapter', { timeout: CLI_TIMEOUT_MS }, () => {
  it('prints, for the untouched stubs, exactly what a learner sees, and exits 1', async () => {
    const result = await runGrader(['grade', '02', '--seed', '7']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('grading 02-tiny (your src/)...\n');
    expect(normalise(result.stdout)).toBe(golden('tiny-stubs.txt'));
  });

  it('exits 0 with full marks for the reference (--solution)', async () => {
    const result = await runGrader(['grade', 'tiny', '--solution']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Total 8/8 points · 2 of 2 tasks passed');
  });

  it('--json prints a versioned report with tasks, points and tests', async () => {
    const result = await runGrader(['grade', '2', '--json', '--seed', '42']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ schema: 'scaling-lab/grade-report', version: 2, status: 'fail', seed: 42, points: { earned: 0, possible: 8 } });
    const [chapter] = report.chapters;
    expect(chapter).toMatchObject({ id: '02-tiny', title: 'A tiny chapter', code: 'learner', status: 'failed' });
    expect(chapter.tasks.map((t: { id: string }) => t.id)).toEqual(['T1', 'T2']);
    const [test] = chapter.tasks[0].tests;
    expect(test).toMatchObject({ name: 'says hello', status: 'failed', message: 'GET /hello: expected status 200, got 404 with body no /hello' });
    expect(test.durationMs).toBeTypeOf('number');
    expect(test.outputs[0]).toMatchObject({ name: 'your app', truncated: false });
    expect(chapter.tasks[0].lesson).toBe('chapters/02-tiny/README.md#t1-say-hello');
    expect(chapter.tasks[0].checks).toEqual({ passed: 0, total: 1 });
  });

  it('--task grades only the tasks named, and the replay line keeps them', async () => {
    const result = await runGrader(['grade', '02', '--task', 't2', '--seed', '3']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('T2  Say goodbye');
    expect(result.stdout).not.toContain('T1  Say hello');
    expect(result.stdout).toContain('Total 0/3 points · 0 of 1 tasks passed');
    expect(result.stdout).toContain('npm run grade -- 02 --task T2 --seed 3');
    const unknown = await runGrader(['grade', '02', '--task', 'T9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('02-tiny has no task T9');
    const bad = await runGrader(['grade', '02', '--task', 'hello']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--task takes task ids such as T3');
  });

  it('--junit writes a JUnit XML report beside the normal output', async () => {
    const file = path.join(freshFolder(), 'report.xml');
    const result = await runGrader(['grade', '02', '--junit', file]);
    expect(result.code).toBe(1);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="Scaling Lab"/);
    expect(xml).toContain('<testcase classname="02-tiny" name="T1 Say hello &gt; says hello"');
    expect(xml).toContain('<failure message="GET /hello: expected status 200, got 404 with body no /hello">');
  });

  it('check runs the visible tests only', async () => {
    const result = await runGrader(['check', '02', '--solution']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('says hello (visible)');
  });
});
