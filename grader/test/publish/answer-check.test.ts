// publish:branches checks its own output before a branch moves: no line of a reference solution
// or of a mutant may reach the learner edition, wherever it was copied.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../src/publish/publish.ts';
import { PublishError } from '../../src/publish/publish-error.ts';
import { type CourseRepo, makeCourseRepo } from './course-repo.ts';

let repo: CourseRepo;
let learner: string;
let solutions: string;

beforeAll(async () => {
  repo = makeCourseRepo();
  ({ learner: { commit: learner }, solutions: { commit: solutions } } = await publish({ repoDir: repo.dir }));
});

const branches = () => [repo.git('rev-parse', 'learner'), repo.git('rev-parse', 'solutions')];

/** Commits `content` as `file`, expects publishing to be refused, then takes the file out again. */
async function expectRefused(file: string, content: string, reason: RegExp): Promise<void> {
  repo.write(file, content);
  repo.commit(`leak into ${file}`);
  const error = await publish({ repoDir: repo.dir }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  expect((error as Error).message).toMatch(reason);
  expect(branches()).toEqual([learner, solutions]);
  repo.git('rm', '-q', file);
  repo.commit(`remove ${file}`);
}

afterAll(() => repo.remove());

const hello = "    if (req.url === '/hello') return res.end('hello');";
const bye = "    if (req.url === '/bye') return res.end('bye');";

describe('the learner edition holds no answer', () => {
  it('refuses reference lines copied anywhere, naming the file and the reference they come from', async () => {
    await expectRefused('docs/notes.md', `# Notes\n\n\`\`\`ts\n${hello}\n${bye}\n\`\`\`\n`, /^the learner edition's docs\/notes\.md holds 2 lines of the reference chapters\/02-tiny\/solution\/server\.ts, such as "if \(req\.url === '\/hello'\)/);
  });

  it("refuses a mutant's added lines", async () => {
    const wrong = ["    if (req.url === '/hello') return res.end('hell0 there, friend');", "    if (req.url === '/bye') return res.end('bye there, my friend');"];
    repo.write('chapters/02-tiny/mutants/x.patch', `Breaks: T1\n--- a/server.ts\n+++ b/server.ts\n${wrong.map((l) => `+${l}`).join('\n')}\n`);
    repo.commit('a mutant');
    await expectRefused('grader/test/leak.ts', `${wrong.join('\n')}\n`, /grader\/test\/leak\.ts holds 2 lines of the reference chapters\/02-tiny\/mutants\/x\.patch/);
  });

  it('allows lines the stubs share with the reference, short lines and one line in common, with a note', async () => {
    // "res.writeHead(404)..." is in both src/ and solution/; "return res.end('bye');" is short.
    repo.write('docs/notes.md', `res.writeHead(404).end(\`no \${req.url}\`);\nreturn res.end('bye');\n${hello}\n`);
    repo.commit('notes');
    const lines: string[] = [];
    await expect(publish({ repoDir: repo.dir, log: (line) => lines.push(line) })).resolves.toMatchObject({ learner: { changed: true } });
    expect(lines).toContain('note: docs/notes.md repeats 1 line of the reference chapters/02-tiny/solution/server.ts, such as "if (req.url === \'/hello\') return res.end(\'hello\');": one line in common, allowed');
  });

  it('notes, without refusing, reference code in the provided packages/', async () => {
    repo.write('packages/app/src/server.ts', `${hello}\n${bye}\n`);
    repo.commit('a provided package that holds a chapter\'s layer');
    const lines: string[] = [];
    await publish({ repoDir: repo.dir, log: (line) => lines.push(line) });
    expect(lines).toContain('note: packages/app/src/server.ts repeats 2 lines of the reference chapters/02-tiny/solution/server.ts, such as "if (req.url === \'/hello\') return res.end(\'hello\');": provided package code, allowed');
  });

  it('exits 2 with a one-line reason and moves no branch (npm run publish:branches)', async () => {
    repo.write('chapters/02-tiny/test/copied.ts', `${hello}\n${bye}\n`);
    repo.commit('copy the reference into a visible test');
    const before = branches();
    const bin = path.resolve(import.meta.dirname, '../../bin/lab-publish.mjs');
    const result = await promisify(execFile)(process.execPath, [bin], { env: { ...process.env, LAB_ROOT: repo.dir } }).catch((e: { code: number; stderr: string }) => e);
    expect(result).toMatchObject({ code: 2 });
    const stderr = (result as { stderr: string }).stderr.trimEnd().split('\n').filter((l) => !/^(check|note):/.test(l));
    expect(stderr).toEqual([expect.stringMatching(/^publish: refused: the learner edition's chapters\/02-tiny\/test\/copied\.ts holds 2 lines of the reference .*\(no branch moved\)\.$/)]);
    expect(branches()).toEqual(before);
  });
});
