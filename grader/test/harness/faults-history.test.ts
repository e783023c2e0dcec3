// The history recorder: invoke then exactly one completion, errors classified by whether the
// request can have reached the server.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { History } from '../../src/harness/faults/history.ts';
import { operations } from '../../src/harness/faults/operations.ts';
import { completionFromResponse, outcomeOfStatus } from '../../src/harness/faults/outcomes.ts';
import { request, RequestFailure } from '../../src/harness/http-client.ts';
import { LabFailure } from '../../src/harness/failure.ts';
import { allocatePort } from '../../src/harness/ports.ts';

describe('History', () => {
  it('records invoke and completion with process, op, value, node, position, epoch and both clocks', async () => {
    const history = new History();
    const event = await history.run('c1', { op: 'write', value: 'v1' }, async () => ({ node: 'n1', position: 7, epoch: 2 }));
    history.nemesis('kill', { node: 'n1' });
    expect(event).toMatchObject({ type: 'ok', process: 'c1', op: 'write', node: 'n1', position: 7, epoch: 2 });
    const [invoke, ok, kill] = history.events;
    expect(invoke).toMatchObject({ type: 'invoke', index: 0, opId: 0, process: 'c1', op: 'write', value: 'v1' });
    expect(ok!.time).toBeGreaterThanOrEqual(invoke!.time);
    expect(Math.abs(ok!.wall - Date.now())).toBeLessThan(5000);
    expect(kill).toMatchObject({ type: 'nemesis', kind: 'kill', node: 'n1', index: 2 });
    expect(operations(history)).toEqual([expect.objectContaining({ id: 0, outcome: 'ok', value: 'v1', node: 'n1', position: 7, pending: false })]);
  });

  it('allows exactly one completion per invoke, and counts a missing one as info', () => {
    const history = new History();
    const id = history.invoke('c1', { op: 'read' });
    history.complete(id, { outcome: 'fail' });
    expect(() => history.complete(id)).toThrow(/already complete/);
    history.invoke('c2', { op: 'write', value: 'x' });
    expect(history.pending).toBe(1);
    expect(operations(history)[1]).toMatchObject({ outcome: 'info', pending: true, completeTime: undefined });
  });

  it('a refused connection is a fail: the request was never sent', async () => {
    const history = new History();
    const closed = await allocatePort();
    const event = await history.run('c1', { op: 'write', value: 'v' }, async () => {
      await request(`http://127.0.0.1:${closed}/`);
    });
    expect(event).toMatchObject({ type: 'fail', error: expect.stringMatching(/refused/) });
  });

  it('a timeout or a reset after sending is info: it may have happened', async () => {
    const history = new History();
    const port = await allocatePort();
    // Reads the request, then either says nothing or resets.
    const server = net.createServer((socket) => socket.once('data', (chunk) => (chunk.includes('/reset') ? socket.resetAndDestroy() : undefined)));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const timedOut = await history.run('c1', { op: 'write', value: 'a' }, async () => void (await request(`http://127.0.0.1:${port}/hang`, { timeoutMs: 200 })));
      const reset = await history.run('c1', { op: 'write', value: 'b' }, async () => void (await request(`http://127.0.0.1:${port}/reset`)));
      expect(timedOut).toMatchObject({ type: 'info', error: expect.stringMatching(/no complete response/) });
      expect(reset).toMatchObject({ type: 'info', error: expect.stringMatching(/reset/) });
    } finally {
      server.close();
    }
  });

  it('a garbled answer is info; a bug in the suite is info and rethrown', async () => {
    const history = new History();
    expect(await history.run('c1', { op: 'read' }, async () => Promise.reject(new LabFailure('expected a JSON body')))).toMatchObject({ type: 'info' });
    expect(await history.run('c1', { op: 'read' }, async () => Promise.reject(new RequestFailure('x', 'EPIPE')))).toMatchObject({ type: 'info' });
    await expect(history.run('c1', { op: 'read' }, async () => Promise.reject(new TypeError('oops')))).rejects.toThrow('oops');
    expect(history.events.at(-1)).toMatchObject({ type: 'info', error: 'oops' });
  });

  it('reads an HTTP answer: outcome by status, node, position and epoch from headers', () => {
    expect([200, 201, 307, 404, 409, 500, 503].map(outcomeOfStatus)).toEqual(['ok', 'ok', 'fail', 'fail', 'fail', 'info', 'info']);
    const completion = completionFromResponse({ status: 201, headers: { 'x-chirp-node': 'n2', 'x-chirp-position': '42', 'x-chirp-epoch': '3' } }, { id: 1 });
    expect(completion).toMatchObject({ outcome: 'ok', node: 'n2', position: 42, epoch: 3, value: { id: 1 } });
    expect(completionFromResponse({ status: 409, headers: { leader: 'n1' } }, undefined, { node: 'leader' })).toMatchObject({ outcome: 'fail', node: 'n1', error: 'status 409' });
  });
});
