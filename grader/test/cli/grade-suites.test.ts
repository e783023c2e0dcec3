// The hidden suites and the grader are graded from a copy taken before any learner code runs,
// fingerprinted per chapter: a learner program that rewrites a suite while it is graded voids
// the grade (exit 2, naming the file); a chapter's digest is the same whichever chapters are
// graded with it, and --expect-suites pins a manifest of them; a run leaves nothing behind.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { renderManifest } from '../../src/runner/suites-manifest.ts';
import { CLI_TIMEOUT_MS, type CliResult, runGrader } from '../support/cli.ts';
import { makePrivateCourse, type PrivateCourse } from '../support/private-course.ts';
import { processesWithEnv } from '../support/processes.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'lab-suites-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const digestsOf = (result: CliResult): Record<string, string> =>
  Object.fromEntries(JSON.parse(result.stdout).chapters.map((c: { id: string; suitesDigest: string }) => [c.id, c.suitesDigest]));

describe('chapter digests and --expect-suites', { timeout: CLI_TIMEOUT_MS }, () => {
  it('gives each chapter the same digest alone or graded with another, and a manifest of them pins any selection', async () => {
    const [first, second, both] = await Promise.all([
      runGrader(['grade', '01', '--solution', '--task', 'T1', '--json']),
      runGrader(['grade', '02', '--solution', '--json']),
      runGrader(['grade', '01', '02', '--solution', '--task', 'T1', '--json']),
    ]);
    expect([first.code, second.code, both.code]).toEqual([0, 0, 0]);
    const digests = digestsOf(both);
    expect(Object.keys(digests)).toEqual(['01-hostile', '02-tiny']);
    expect(digests['02-tiny']).toMatch(/^[0-9a-f]{64}$/);
    expect({ ...digestsOf(first), ...digestsOf(second) }).toEqual(digests);

    const manifest = path.join(scratch, 'suites-manifest.json');
    writeFileSync(manifest, renderManifest(digests));
    const report = path.join(scratch, 'published-report.json');
    writeFileSync(report, both.stdout);
    const wrong = path.join(scratch, 'wrong-manifest.json');
    writeFileSync(wrong, renderManifest({ ...digests, '02-tiny': digests['02-tiny']!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }));
    const without = path.join(scratch, 'without-02.json');
    writeFileSync(without, renderManifest({ '01-hostile': digests['01-hostile']! }));

    const [byManifest, byReport, byDigest, refused, unpinned, oneDigestForTwo] = await Promise.all([
      runGrader(['grade', '02', '--solution', '--expect-suites', manifest]),
      runGrader(['grade', '02', '--solution', '--expect-suites', report]),
      runGrader(['grade', '02', '--solution', '--expect-suites', digests['02-tiny']!]),
      runGrader(['grade', '02', '--solution', '--expect-suites', wrong]),
      runGrader(['grade', '02', '--solution', '--expect-suites', without]),
      runGrader(['grade', '01', '02', '--solution', '--expect-suites', digests['02-tiny']!]),
    ]);
    expect([byManifest.code, byReport.code, byDigest.code]).toEqual([0, 0, 0]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^grader: the hidden suites or the grader differ from the expected version for 02-tiny/);
    expect(unpinned.code).toBe(2);
    expect(unpinned.stderr).toMatch(/^grader: the manifest given to --expect-suites pins no digest for 02-tiny/);
    expect(oneDigestForTwo.code).toBe(2);
    expect(oneDigestForTwo.stderr).toMatch(/^grader: --expect-suites with a single digest pins one chapter/);
  });
});

let course: PrivateCourse | undefined;
afterEach(() => course?.remove());

/** Every test of the tiny chapter, made to pass. */
const PASSING = "import { describeTask } from '@scaling-lab/grader/harness';\nimport { it } from 'vitest';\ndescribeTask('T1', () => { it('says hello', () => {}); });\ndescribeTask('T2', () => { it('says bye', () => {}); });\n";

/** The learner's server rewrites `suite` (relative to its working folder, the chapter) at start-up, then answers nothing right. */
const rewriter = (target: string) => `import { readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
const passing = ${JSON.stringify(PASSING)};
${target}
http.createServer((req, res) => res.writeHead(404).end()).listen(Number(process.env.PORT), '127.0.0.1');
`;

describe('a learner program that rewrites the hidden suite or the harness at start-up', { timeout: CLI_TIMEOUT_MS }, () => {
  // The run's copy is in <course>/.lab/suites/<run>/, shaped like the course.
  const inCopy = (file: string, content: string) =>
    `const suites = path.join(process.cwd(), '..', '..', '.lab', 'suites');\nfor (const id of readdirSync(suites)) writeFileSync(path.join(suites, id, ${JSON.stringify(file)}), ${content});`;
  const cases = [
    ['the suite in the course', "writeFileSync(path.join(process.cwd(), 'grading', 'tiny.test.ts'), passing);", 'chapters/02-tiny/grading/tiny.test.ts was changed in this copy of the course'],
    ["the suite in the run's copy", inCopy('chapters/02-tiny/grading/tiny.test.ts', 'passing'), "chapters/02-tiny/grading/tiny.test.ts was changed in this run's copy of the suites"],
    ["the harness in the run's copy", inCopy('grader/src/harness/index.ts', "'export {};'"), "grader/src/harness/index.ts was changed in this run's copy of the suites"],
  ] as const;
  for (const [where, target, named] of cases) {
    it(`${where}: the grade is void, exit 2 naming the file, and nothing is left behind`, async () => {
      course = makePrivateCourse(['02-tiny']);
      writeFileSync(path.join(course.chapter('02-tiny'), 'src', 'server.ts'), rewriter(target));
      const result = await runGrader(['grade', '02', '--json'], { LAB_ROOT: course.root, TMPDIR: course.tmp });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`grader: ${named} while the grade ran`);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'error', chapters: [] });
      expect(course.leftovers()).toEqual([]);
    });
  }
});

describe('a normal run', { timeout: CLI_TIMEOUT_MS }, () => {
  it('leaves no port lock, no run folder, no copy of the suites and no process', async () => {
    course = makePrivateCourse(['02-tiny']);
    const result = await runGrader(['grade', '02', '--solution'], { LAB_ROOT: course.root, TMPDIR: course.tmp });
    expect(result.code).toBe(0);
    expect(course.leftovers()).toEqual([]);
    expect(processesWithEnv(`TMPDIR=${course.tmp}`)).toEqual([]);
  });
});
