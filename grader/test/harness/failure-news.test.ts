// The small parts behind failing fast and saying what happened: output since a test began, the
// telling line of a crash, what a test is waiting for, and the run's record of hung programs.
import { describe, expect, it } from 'vitest';
import { OutputBuffer, tellingLine } from '../../src/harness/output-buffer.ts';
import { pollUntil } from '../../src/harness/poll.ts';
import { hungPatience, KNOWN_HUNG_PATIENCE_MS, noteAnswer, noteReady, noteSilence, readyPatience, registerLearnerPort } from '../../src/harness/program-record.ts';
import { BUDGET_TIMEOUT, pendingWaits, waitingFor } from '../../src/harness/waits.ts';

describe('OutputBuffer.tail since a mark', () => {
  it('gives only what was printed after the mark, and is not truncated when all of that fits', () => {
    const buffer = new OutputBuffer();
    buffer.push(Buffer.from('from an earlier test\n'));
    const mark = buffer.totalBytes;
    buffer.push(Buffer.from('fatal: this test\n'));
    expect(buffer.tail(4096, mark)).toEqual({ text: 'fatal: this test\n', truncated: false, totalBytes: mark + 17 });
    expect(buffer.tail(4096, buffer.totalBytes).text).toBe('');
  });

  it('is truncated when the cap dropped output printed after the mark', () => {
    const buffer = new OutputBuffer(100);
    buffer.push(Buffer.from('x'.repeat(10)));
    for (let i = 0; i < 10; i++) buffer.push(Buffer.from('y'.repeat(50)));
    expect(buffer.tail(4096, 5).truncated).toBe(true);
  });
});

describe('tellingLine', () => {
  it('picks the last line that looks like an error, else the last line', () => {
    expect(tellingLine('starting\nError: no database\n    at main.ts:3\ndone\n')).toBe('Error: no database');
    expect(tellingLine('starting\nfatal: /work is not written yet\n')).toBe('fatal: /work is not written yet');
    expect(tellingLine('one\ntwo\n')).toBe('two');
    expect(tellingLine('\n')).toBeUndefined();
  });
});

describe('waits', () => {
  it('lists the waits still pending that began after a moment, oldest first, until they end', async () => {
    const before = Date.now();
    const first = waitingFor('a response to GET /a');
    const second = waitingFor('your app to exit');
    expect(pendingWaits(before).map((wait) => wait.replace(/ \(pending for .*\)$/, ''))).toEqual(['a response to GET /a', 'your app to exit']);
    expect(pendingWaits(Date.now() + 1000)).toEqual([]);
    first();
    second();
    expect(pendingWaits(before)).toEqual([]);
  });

  it('a poll is pending while it polls, and not after', async () => {
    const before = Date.now();
    let seen: string[] = [];
    await pollUntil(() => {
      seen = pendingWaits(before);
      return true;
    }, { what: 'the thing to happen', timeoutMs: 1000 });
    expect(seen[0]).toMatch(/^the thing to happen \(pending for \d+\.\d s\)$/);
    expect(pendingWaits(before)).toEqual([]);
  });

  it("recognises Vitest's budget timeouts", () => {
    expect(BUDGET_TIMEOUT.exec('Test timed out in 8000ms.\nIf this is a long-running test, ...')?.[2]).toBe('8000');
    expect(BUDGET_TIMEOUT.test('GET /: no complete response after 10 s')).toBe(false);
  });
});

describe('the run record of hung programs', () => {
  it('a program that never answered and once timed out in full gets a short patience, until it answers', () => {
    registerLearnerPort(41001, 'silent-entry');
    expect(hungPatience(41001)).toBeUndefined();
    noteSilence(41001);
    expect(hungPatience(41001)?.ms).toBe(KNOWN_HUNG_PATIENCE_MS);
    noteAnswer(41001);
    expect(hungPatience(41001)).toBeUndefined();
  });

  it('a program that has answered once is never cut short', () => {
    registerLearnerPort(41002, 'answering-entry');
    noteAnswer(41002);
    noteSilence(41002);
    expect(hungPatience(41002)).toBeUndefined();
    expect(hungPatience(41003)).toBeUndefined();
  });

  it('a start waits less only for a program that has never been ready and once timed out', () => {
    expect(readyPatience('never-ready-entry', 10_000)).toBe(10_000);
    noteReady('never-ready-entry', false);
    expect(readyPatience('never-ready-entry', 10_000)).toBe(KNOWN_HUNG_PATIENCE_MS);
    noteReady('never-ready-entry', true);
    expect(readyPatience('never-ready-entry', 10_000)).toBe(10_000);
  });
});
