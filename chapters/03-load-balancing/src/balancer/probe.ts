// Provided: one active health check. GET <backend><path>; it passes on any 2xx answer that
// arrives within the time limit. A refused connection, an error status and silence all fail.
//
// The time limit matters more than it looks: a paused process (SIGSTOP) still accepts TCP
// connections, because the kernel completes the handshake for it, but it never answers.
import http from 'node:http';
import type { Backend } from './pool.ts';

export function probe(backend: Backend, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const target = new URL(backend.url);
    // A fresh connection per check (agent: false): a check must test that the backend accepts
    // new connections, not ride on an old one.
    const req = http.request({ host: target.hostname, port: target.port, path, method: 'GET', agent: false, timeout: timeoutMs });
    const timer = setTimeout(() => req.destroy(), timeoutMs);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve(status >= 200 && status < 300);
      });
      // A body cut off half way (or by our own timer) is a failed check too.
      res.on('close', () => {
        clearTimeout(timer);
        if (!res.complete) resolve(false);
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    req.end();
  });
}
