// Temporary folders for one test file, all under one folder removed after the file: a run of the
// grader's own tests leaves nothing in the system's temp directory.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** Call at a test file's top level; the function it returns makes a fresh folder each call. */
export function scratchFolders(prefix: string): () => string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return () => mkdtempSync(path.join(root, 'f-'));
}
