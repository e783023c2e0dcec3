// Visible starter tests for the cache server (T1-T3): run them while you work with
// `npm run check -- 04`. They cover the first step of each task only; the grader's hidden suite
// sends split and pipelined frames, binary values, garbage, short TTLs and a full cache.
import net from 'node:net';
import { check, describeTask, it, startLearnerApp } from '@scaling-lab/grader/starter';

/** Sends `bytes` and collects what comes back until `done` says the answer is complete. */
function talk(port: number, bytes: string, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write(bytes));
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(text);
    }, 3000);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (done(text)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
  });
}

const startCache = (env: Record<string, string> = {}) => startLearnerApp({ entry: 'cache', name: 'your cache server', env });

describeTask('T1', () => {
  it('answers PING with +PONG', async () => {
    const cache = await startCache();
    const reply = await talk(cache.port, '*1\r\n$4\r\nPING\r\n', (t) => t.endsWith('\r\n'));
    check(reply === '+PONG\r\n', `sent *1\\r\\n$4\\r\\nPING\\r\\n: expected +PONG\\r\\n, got ${JSON.stringify(reply)}`);
  });
});

describeTask('T2', () => {
  it('GET returns what SET stored', async () => {
    const cache = await startCache();
    const bytes = '*3\r\n$3\r\nSET\r\n$5\r\nhello\r\n$5\r\nworld\r\n*2\r\n$3\r\nGET\r\n$5\r\nhello\r\n';
    const reply = await talk(cache.port, bytes, (t) => t.split('\r\n').length >= 4);
    check(reply === '+OK\r\n$5\r\nworld\r\n', `SET hello world, then GET hello: expected +OK\\r\\n$5\\r\\nworld\\r\\n, got ${JSON.stringify(reply)}`);
  });
});

describeTask('T3', () => {
  it('INFO reports used_memory for one key as key + value + 64 bytes', async () => {
    const cache = await startCache({ CACHE_MAX_BYTES: '100000' });
    const bytes = '*3\r\n$3\r\nSET\r\n$5\r\nhello\r\n$5\r\nworld\r\n*1\r\n$4\r\nINFO\r\n';
    const reply = await talk(cache.port, bytes, (t) => /db0:.*\r\n\r\n$/s.test(t));
    check(/^used_memory:74\r$/m.test(reply), `SET hello world, then INFO: expected a line used_memory:74 (5 + 5 + 64), got ${JSON.stringify(reply.slice(0, 400))}`);
    check(/^maxmemory:100000\r$/m.test(reply), `INFO: expected a line maxmemory:100000 (CACHE_MAX_BYTES), got ${JSON.stringify(reply.slice(0, 400))}`);
  });
});
