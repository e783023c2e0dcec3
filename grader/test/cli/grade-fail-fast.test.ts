// Fail fast, and say what happened: a program found hung or dead costs the rest of its task
// nothing, a crash is named with its exit code and the output of that moment, and a timed-out
// test says what it was waiting for. Graded against the fixture chapter's reference, run the
// same way on the same machine.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS, runGrader } from '../support/cli.ts';

interface TestJson {
  name: string;
  status: string;
  durationMs: number;
  message?: string;
  outputs?: { name: string; text: string }[];
}

type Tasks = Record<string, TestJson[]>;

const course = path.resolve(import.meta.dirname, '../fixtures/fail-fast');
const env = { LAB_ROOT: course, LAB_TEST_TIMEOUT_MS: '8000' };

async function grade(args: string[]): Promise<{ code: number; tasks: Tasks }> {
  const result = await runGrader(['grade', '01', '--json', ...args], env);
  const report = JSON.parse(result.stdout);
  return { code: result.code, tasks: Object.fromEntries(report.chapters[0].tasks.map((t: { id: string; tests: TestJson[] }) => [t.id, t.tests])) };
}

const total = (tests: TestJson[]) => tests.reduce((sum, test) => sum + test.durationMs, 0);

describe('grading programs that hang or crash in the middle of a task', () => {
  let reference: Tasks;
  let learner: { code: number; tasks: Tasks };

  beforeAll(async () => {
    reference = (await grade(['--solution'])).tasks;
    learner = await grade([]);
  }, CLI_TIMEOUT_MS);

  it('the reference passes every task', () => {
    expect(Object.values(reference).flat().every((test) => test.status === 'passed')).toBe(true);
  });

  it('a test whose budget runs out says what it was waiting for', () => {
    const [first] = learner.tasks.T1!;
    expect(first!.message).toMatch(/^timed out after 8 s: the test's time budget ran out while it waited for a response to GET http:\/\/127\.0\.0\.1:\d+\/ \(pending for \d+\.\d s\)$/);
  });

  it("a never-answering server costs the rest of its task next to nothing: the first failure is their reason", () => {
    const [, ...rest] = learner.tasks.T1!;
    expect(rest).toHaveLength(3);
    for (const test of rest) {
      expect(test.status).toBe('failed');
      expect(test.message).toMatch(/^not run: the earlier test "answers request 1" of this task found that its time budget ran out while it waited for a response to GET /);
      expect(test.outputs).toBeUndefined();
    }
    // Without failing fast, each would wait out the 8 s budget. Generous: the reference's whole
    // task (a start and four requests) three times over, plus two seconds.
    expect(total(rest)).toBeLessThan(3 * total(reference.T1!) + 2000);
  });

  it('a crash in the middle of a test is named with its exit code, its last words, and what the test saw', () => {
    const [first, crashed, after] = learner.tasks.T2!;
    expect(first!.status).toBe('passed');
    expect(crashed!.message).toMatch(/^your crashy app exited with code 3 during this test; it said: fatal: \/work is not written yet \(fixture crash\)\. What the test saw: GET http:\/\/127\.0\.0\.1:\d+\/work: /);
    expect(after!.message).toMatch(/^not run: the earlier test "does the work" of this task found that your crashy app exited with code 3/);
  });

  it("a shared program's output is shown from the failing test's start, not an earlier test's", () => {
    const [, crashed] = learner.tasks.T2!;
    const [output] = crashed!.outputs!;
    expect(output!.text).toContain('fatal: /work is not written yet');
    expect(output!.text).not.toContain('answered /first');
  });

  it('a server that stops answering settles its task at the first request that times out', () => {
    const [first, ...rest] = learner.tasks.T3!;
    expect(first!.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/: no complete response after 2 s$/);
    for (const test of rest) expect(test.message).toMatch(/^not run: .* found that your app stopped answering \(GET http:\/\/127\.0\.0\.1:\d+\/ got no answer in time\)/);
    expect(total(rest)).toBeLessThan(3 * total(reference.T3!) + 2000);
  });

  it('a program that has answered nothing and once timed out in full gets a short patience for the rest of the run', () => {
    const [test] = learner.tasks.T4!;
    expect(test!.message).toMatch(/no complete response after 1 s \(the grader waited only 1 s: this program has not answered a single request in this run/);
    expect(test!.durationMs).toBeLessThan(8000);
  });

  it('finishes with exit code 1: tasks failed, the grader did not', () => {
    expect(learner.code).toBe(1);
  });
});
