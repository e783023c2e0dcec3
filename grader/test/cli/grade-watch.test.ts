// `grade --watch`: a save of a learner file starts a new run; Ctrl-C ends it all.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/harness/poll.ts';
import { CLI_TIMEOUT_MS, fixtureCourse } from '../support/cli.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/lab-grade.mjs');
// Inside the repository (in an ignored folder), so the fixture's imports resolve as they do there.
const scratch = path.resolve(import.meta.dirname, '../../.lab');
mkdirSync(scratch, { recursive: true });
const root = mkdtempSync(path.join(scratch, 'watch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('grade --watch', { timeout: CLI_TIMEOUT_MS }, () => {
  it('grades, grades again after a save, and stops on Ctrl-C', async () => {
    // A course of its own: the test edits a learner file.
    cpSync(fixtureCourse, root, { recursive: true, filter: (from) => !from.includes(`${path.sep}.lab`) });
    const chapter = path.join(root, 'chapters', '02-tiny');
    const watcher = spawn(process.execPath, [bin, 'grade', '02', '--watch'], { env: { ...process.env, LAB_ROOT: root, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    watcher.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => watcher.on('close', (code) => resolve(code)));
    await pollUntil(() => out.includes('watch: waiting for changes to 1 learner file'), { what: 'the first run to finish', timeoutMs: 60_000 });
    expect(out).toContain('Total 0/8 points');

    writeFileSync(path.join(chapter, 'src', 'server.ts'), readFileSync(path.join(chapter, 'solution', 'server.ts')));
    await pollUntil(() => out.includes('Total 8/8 points'), { what: 'a second run after the save', timeoutMs: 60_000 });
    expect(out.match(/watch: grading/g)).toHaveLength(2);

    watcher.kill('SIGINT');
    expect(await exited).toBe(130);
  });

  it('refuses --watch with --json', async () => {
    const result = spawn(process.execPath, [bin, 'grade', '02', '--watch', '--json'], { env: { ...process.env, LAB_ROOT: fixtureCourse }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    result.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    expect(await new Promise((resolve) => result.on('close', resolve))).toBe(2);
    expect(err).toContain('--watch is for reading in a terminal');
  });
});
