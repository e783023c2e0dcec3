// A mutant is graded only on the tasks whose processes load a file it patches.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTasks, patchedFiles, readTrace } from '../../src/cli/affected-tasks.ts';
import { scratchFolders } from '../support/scratch.ts';

const freshFolder = scratchFolders('lab-trace-test-');

function traceDir(files: Record<string, string>): string {
  const dir = freshFolder();
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const patch = (file: string) => `Mutant: x\nBreaks: T1\n\n--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-a\n+b\n`;

describe('affected tasks', () => {
  it('reads the files each task loaded, repeated lines and all', () => {
    const trace = readTrace(traceDir({ 'T1.txt': 'monitor/probe.ts\nmonitor/probe.ts\nmonitor/main.ts\n', 'T7.txt': 'keeper/keeper.ts\n' }))!;
    expect([...trace.get('T1')!]).toEqual(['monitor/probe.ts', 'monitor/main.ts']);
    expect(affectedTasks(trace, patch('keeper/keeper.ts'), ['T1', 'T7'])).toEqual(['T7']);
    expect(affectedTasks(trace, patch('monitor/probe.ts'), ['T1', 'T7'])).toEqual(['T1']);
    expect(affectedTasks(trace, patch('router/leader.ts'), ['T1', 'T7'])).toEqual([]);
  });

  it('grades every task when the trace cannot be trusted or does not apply', () => {
    const trace = readTrace(traceDir({ 'T1.txt': 'server.ts\n' }));
    expect(affectedTasks(trace, patch('public/index.html'), ['T1', 'T2'])).toBeUndefined();
    expect(affectedTasks(undefined, patch('server.ts'), ['T1'])).toBeUndefined();
    expect(readTrace(traceDir({ 'T1.txt': 'server.ts\n', '_untasked.txt': 'server.ts\n' }))).toBeUndefined();
    expect(readTrace(traceDir({}))).toBeUndefined();
    expect(readTrace(path.join(os.tmpdir(), 'no-such-trace-dir'))).toBeUndefined();
  });

  it('lists the files of a multi-file patch once each', () => {
    const two = `${patch('monitor/failover.ts')}--- a/monitor/votes.ts\n+++ b/monitor/votes.ts\n@@ -1 +1 @@\n-a\n+b\n`;
    expect(patchedFiles(two)).toEqual(['monitor/failover.ts', 'monitor/votes.ts']);
  });
});
