// The grader starts from a transpiled copy of its own source (bin/run-source.mjs): every file
// is there, a start with nothing changed transpiles nothing, and a changed file is transpiled
// again.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../../bin/lab-grade.mjs');
const cache = mkdtempSync(path.join(os.tmpdir(), 'lab-grader-cache-'));
const help = () => promisify(execFile)(process.execPath, [bin, '--help'], { env: { ...process.env, LAB_GRADER_CACHE: cache } });
const manifestFile = path.join(cache, 'manifest.json');
const compiled = (file: string) => path.join(cache, file.replace(/\.ts$/, '.js'));

describe('the grader starts from its transpiled source', () => {
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('transpiles every file once, again only what changed, and runs from the copy', async () => {
    const first = await help();
    expect(first.stdout).toContain('npm run grade --');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>;
    expect(Object.keys(manifest)).toContain(path.join('cli', 'main.ts'));
    for (const file of Object.keys(manifest)) expect(statSync(compiled(file)).size).toBeGreaterThan(0);

    const untouched = path.join('cli', 'main.ts');
    const touched = path.join('errors.ts');
    const before = (file: string) => statSync(compiled(file)).mtimeMs;
    const [untouchedAt, touchedAt] = [before(untouched), before(touched)];
    // As if errors.ts had been edited since: its recorded size and time no longer match.
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, [touched]: 'stale' }));
    await help();
    expect(before(untouched)).toBe(untouchedAt);
    expect(before(touched)).toBeGreaterThan(touchedAt);
    expect(JSON.parse(readFileSync(manifestFile, 'utf8'))).toEqual(manifest);
  });

  it('serves what is in the copy, not the source', async () => {
    // A copy that differs shows itself: the usage text comes from the transpiled file.
    const file = compiled(path.join('cli', 'args.ts'));
    const original = readFileSync(file, 'utf8');
    expect(original).toContain('npm run grade --');
    writeFileSync(file, original.replaceAll('npm run grade --', 'npm run grade-from-the-copy --'));
    try {
      expect((await help()).stdout).toContain('npm run grade-from-the-copy --');
    } finally {
      writeFileSync(file, original);
    }
  });
});
