import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { withDeadline } from '../src/deadline.ts';

const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server that sends the headers and the start of a body, then nothing: a partition mid-answer. */
async function stallingServer(): Promise<string> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":'));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
}

describe('withDeadline', () => {
  it('cuts off a body that stops arriving after the headers', async () => {
    const url = await stallingServer();
    const started = Date.now();
    const reading = withDeadline(300, undefined, async (signal) => (await fetch(url, { signal })).json());
    await expect(reading).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops when the caller stops, and leaves no listener on its signal', async () => {
    const url = await stallingServer();
    const stop = new AbortController();
    let added = 0;
    let removed = 0;
    const add = stop.signal.addEventListener.bind(stop.signal);
    const remove = stop.signal.removeEventListener.bind(stop.signal);
    stop.signal.addEventListener = ((...args: Parameters<typeof add>) => (added++, add(...args))) as typeof add;
    stop.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (removed++, remove(...args))) as typeof remove;
    await expect(withDeadline(60_000, stop.signal, async () => 'done')).resolves.toBe('done');
    const reading = withDeadline(60_000, stop.signal, async (signal) => (await fetch(url, { signal })).json());
    stop.abort(new Error('shutting down'));
    await expect(reading).rejects.toThrow('shutting down');
    expect(removed).toBe(added);
  });
});
