// The course's self-check must be able to fail: a mislabelled or stale mutant is reported.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_TIMEOUT_MS } from '../support/cli.ts';
import { loadChapter } from '../../src/course/chapters.ts';
import { verifyChapter } from '../../src/cli/verify.ts';
import { listMutants } from '../../src/course/mutants.ts';

const tiny = loadChapter(path.resolve(import.meta.dirname, '../fixtures/course/chapters/02-tiny'));

describe('verifyChapter on the tiny fixture chapter', { timeout: CLI_TIMEOUT_MS }, () => {
  it('passes what holds and fails a mislabelled mutant and a stale one, grading two mutants at once', async () => {
    const lines: string[] = [];
    const outcome = await verifyChapter(tiny, { seed: 5, repeat: 1, jobs: 2, log: (line) => lines.push(line) });
    const text = lines.join('\n');
    expect(text).toContain('✔ the reference earns full marks: 8/8');
    expect(text).toContain('✔ the untouched stubs earn 0 points: 0/8');
    expect(text).toContain('✔ the visible tests pass on the reference (1 tests)');
    // Both tasks start the server, so the reference's load trace sends the mutant to both.
    expect(text).toContain('✔ mutant "says "hi" instead of "hello"" loses exactly T1 [graded on T1, T2: the tasks that load what it patches]');
    expect(text).toContain('✘ mutant "forgets /bye, but claims to break T1" loses exactly T1, but lost T2');
    expect(text).toContain('✘ mutant stale: server.ts: hunk 1 does not match the file any more');
    expect(outcome.failed).toBe(2);
    // Graded side by side, reported in the mutants' own order (their folder names).
    const mutantLines = lines.filter((line) => line.includes(' mutant '));
    const named = listMutants(tiny).map((m) => mutantLines.findIndex((line) => line.includes(`"${m.title}"`) || line.includes(`mutant ${m.name}:`)));
    expect(named).toEqual([0, 1, 2]);
  });
});
