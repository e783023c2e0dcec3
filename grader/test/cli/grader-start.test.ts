// The grader starts from a bundle of its own source (bin/run-source.mjs): built on the first
// start, reused while no source file changed, built again when one did, and it is what runs.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../../bin/lab-grade.mjs');
// Outside the course's node_modules on purpose: the bundle must find its packages from anywhere.
const cache = mkdtempSync(path.join(os.tmpdir(), 'lab-grader-cache-'));
const help = () => promisify(execFile)(process.execPath, [bin, '--help'], { env: { ...process.env, LAB_GRADER_CACHE: cache } });
const manifestFile = path.join(cache, 'manifest.json');
const bundle = path.join(cache, 'cli', 'main.mjs');
const builtAt = () => statSync(bundle).mtimeMs;

describe('the grader starts from a bundle of its source', () => {
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('bundles an entry point once, again only when the source changed, and runs from the bundle', async () => {
    const first = await help();
    expect(first.stdout).toContain('npm run grade --');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { signature: string; entries: string[] };
    expect(manifest.entries).toEqual(['cli/main.ts']);
    // Packages are imported by absolute path, the grader's own files are inside.
    const text = readFileSync(bundle, 'utf8');
    expect(text).toMatch(/from "file:\/\/[^"]*\/vitest\/[^"]*"/);
    expect(text).not.toMatch(/from "\.\.?\//);

    const firstBuild = builtAt();
    await help();
    expect(builtAt()).toBe(firstBuild);
    // As if a source file had been edited since: the recorded signature no longer matches.
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, signature: 'stale' }));
    await help();
    expect(builtAt()).toBeGreaterThan(firstBuild);
    expect(JSON.parse(readFileSync(manifestFile, 'utf8'))).toEqual(manifest);
  });

  it('keeps each module its own import.meta.url, so paths to the grader files still resolve', () => {
    const text = readFileSync(bundle, 'utf8');
    expect(text).not.toContain('import.meta.url');
    expect(text).toContain(JSON.stringify(new URL('../../src/runner/suite-digest.ts', import.meta.url).href));
  });

  it('serves what is in the bundle, not the source', async () => {
    const original = readFileSync(bundle, 'utf8');
    writeFileSync(bundle, original.replaceAll('npm run grade --', 'npm run grade-from-the-bundle --'));
    try {
      expect((await help()).stdout).toContain('npm run grade-from-the-bundle --');
    } finally {
      writeFileSync(bundle, original);
    }
  });
});

describe('each bundled module keeps its own import.meta', () => {
  it('compiles in the values where the code reads them, and leaves strings that mention them', async () => {
    const { build, transform } = await import('esbuild');
    const { ownUrls } = await import('../../bin/run-source.mjs');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-own-urls-'));
    try {
      const file = path.join(dir, 'where.ts');
      writeFileSync(file, 'export const here: string = import.meta.url;\nexport const told = "import.meta.url is where a module lives";\n');
      const result = await build({ entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'node', plugins: [ownUrls(transform, dir)] });
      const text = result.outputFiles[0]!.text;
      expect(text).toContain(JSON.stringify(pathToFileURL(file).href));
      expect(text).toContain('"import.meta.url is where a module lives"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
