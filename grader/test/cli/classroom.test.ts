// `npm run classroom`: a fixture classroom of learner copies graded into one gradebook.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { learnerNames } from '../../src/classroom/run-classroom.ts';
import { CLI_TIMEOUT_MS, fixtureCourse, runGrader } from '../support/cli.ts';

const tiny = path.join(fixtureCourse, 'chapters', '02-tiny');
const root = mkdtempSync(path.join(os.tmpdir(), 'lab-classroom-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A learner's copy of the fixture course whose server.ts is `server`. */
function copy(name: string, server: string): string {
  const dir = path.join(root, name);
  cpSync(tiny, path.join(dir, 'chapters', '02-tiny'), { recursive: true, filter: (from) => !from.includes(`${path.sep}.lab`) });
  writeFileSync(path.join(dir, 'chapters', '02-tiny', 'src', 'server.ts'), server);
  return dir;
}

const listen = "http.createServer(handler).listen(Number(process.env.PORT), '127.0.0.1');";
const correct = copy('alice', readFileSync(path.join(tiny, 'solution', 'server.ts'), 'utf8'));
const partial = copy('bob', `import http from 'node:http';\nconst handler = (req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(req.url === '/hello' ? 200 : 404).end(req.url === '/hello' ? 'hello' : 'no');\n${listen}\n`);
const hangs = copy('carol', `import http from 'node:http';\nconst handler = () => {};\n${listen}\n`);

describe('npm run classroom', { timeout: CLI_TIMEOUT_MS }, () => {
  it('grades every copy into a gradebook; a hanging copy fails its tasks and a missing one is a row with its reason', async () => {
    const out = path.join(root, 'gradebook');
    const list = path.join(root, 'list.txt');
    writeFileSync(list, `# the rest of the class\n${hangs}\n${path.join(root, 'dave')}   # never pushed\n`);
    const result = await runGrader(['classroom', correct, partial, '--list', list, '--chapter', '02', '--out', out, '--parallel', '2'], { LAB_TEST_TIMEOUT_MS: '3000' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(3 graded, 1 could not be)');
    const csv = readFileSync(path.join(out, 'gradebook.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('learner,source,status,earned,possible,02 T1,02 T2,problem');
    expect(csv[1]).toBe(`alice,${correct},graded,8,8,5,3,`);
    expect(csv[2]).toBe(`bob,${partial},graded,5,8,5,0,`);
    expect(csv[3]).toBe(`carol,${hangs},graded,0,8,0,0,`);
    // A message that starts with - is defused (a leading quote), as anything a spreadsheet could run.
    expect(csv[4]).toMatch(/^dave,.*,error,,8,,,'--code: no folder/);
    expect(JSON.parse(readFileSync(path.join(out, 'bob.json'), 'utf8'))).toMatchObject({ points: { earned: 5, possible: 8 } });
    const html = readFileSync(path.join(out, 'gradebook.html'), 'utf8');
    expect(html).toContain('<th title="');
    expect(html.match(/class="pass"/g)).toHaveLength(3);
  });

  it('stops a copy that grades for longer than --timeout, and goes on', async () => {
    const out = path.join(root, 'slow');
    const result = await runGrader(['classroom', hangs, correct, '--chapter', '02', '--out', out, '--timeout', '1'], { LAB_TEST_TIMEOUT_MS: '20000' });
    expect(result.code).toBe(0);
    const csv = readFileSync(path.join(out, 'gradebook.csv'), 'utf8');
    expect(csv).toContain('carol,');
    expect(csv).toContain('stopped after 1 s (--timeout)');
    expect(existsSync(path.join(out, 'gradebook.html'))).toBe(true);
  });

  it('refuses bad options with one line, and names learners uniquely and safely', async () => {
    for (const [args, message] of [
      [['classroom'], 'which learner copies?'],
      [['classroom', correct, '--parallel', '0'], '--parallel must be a whole number from 1 to 64'],
      [['classroom', correct, '--timeout', 'soon'], '--timeout must be a whole number'],
      [['classroom', correct, '--list', path.join(root, 'no-such-list')], '--list'],
      [['classroom', correct, '--chapter', '99'], '99'],
    ] as const) {
      const result = await runGrader([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(learnerNames(['/a/alice', 'https://host/org/alice.git', 'git@host:org/bob.git', '/x/"=cmd|x"/', '/'])).toEqual(['alice', 'alice-2', 'bob', 'cmd-x-', 'learner']);
  });
});
