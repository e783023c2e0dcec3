// Streaming task results: in task order, each once every file declaring it has finished.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestOutcome } from '../../src/runner/run-vitest.ts';
import { filesByTask, filesOfTasks, TaskStream } from '../../src/runner/task-stream.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'lab-stream-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const outcome = (task: string, name: string): TestOutcome => ({ file: '', suites: [`${task} title`], name, state: 'pass', durationMs: 1 });

describe('TaskStream', () => {
  it('finds which files declare which task', () => {
    mkdirSync(path.join(root, 'grading', 'more'), { recursive: true });
    writeFileSync(path.join(root, 'grading', 't1.test.ts'), "describeTask('T1', () => {});\ndescribeTask( \"T2\", () => {});");
    writeFileSync(path.join(root, 'grading', 'more', 't2b.test.ts'), "describeTask('T2', () => {});");
    writeFileSync(path.join(root, 'grading', 'helper.ts'), "describeTask('T9', () => {});");
    const files = filesByTask(root, 'grading');
    expect([...files.keys()].sort()).toEqual(['T1', 'T2']);
    expect([...files.get('T2')!].sort()).toEqual(['grading/more/t2b.test.ts', 'grading/t1.test.ts']);
  });

  it('names the files a run of some tasks needs, or none (every file) when a task is declared nowhere', () => {
    const files = new Map([['T1', new Set(['a'])], ['T2', new Set(['a', 'b'])], ['T3', new Set(['c'])]]);
    expect(filesOfTasks(files, ['T2', 'T1'])).toEqual(['a', 'b']);
    expect(filesOfTasks(files, ['T3'])).toEqual(['c']);
    expect(filesOfTasks(files, ['T3', 'T4'])).toBeUndefined();
  });

  it('emits in task order, each task once all its files are done, and stops at a task it cannot place', () => {
    const files = new Map([['T1', new Set(['a'])], ['T2', new Set(['a', 'b'])], ['T3', new Set(['c'])], ['T5', new Set(['c'])]]);
    const emitted: string[] = [];
    const stream = new TaskStream(['T1', 'T2', 'T3', 'T4', 'T5'], files, (id, outcomes) => emitted.push(`${id}:${outcomes.map((o) => o.name).join('+')}`));
    stream.fileDone('c', [outcome('T3', 'c3'), outcome('T5', 'c5')]);
    expect(emitted).toEqual([]); // T1 first: its file is not done
    stream.fileDone('a', [outcome('T1', 'a1'), outcome('T2', 'a2')]);
    expect(emitted).toEqual(['T1:a1']); // T2 also waits for b
    stream.fileDone('b', [outcome('T2', 'b2'), outcome('T10', 'not T1')]);
    expect(emitted).toEqual(['T1:a1', 'T2:a2+b2', 'T3:c3']); // T4 is declared nowhere: the rest comes at the end
    expect(stream.emitted).toBe(3);
  });
});
