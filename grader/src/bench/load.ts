// The load loop: N async loops, each sending one request at a time over its own keep-alive
// connection, until the clock or the request count runs out. Closed-loop load: a slower
// server gets fewer requests, the way real clients that wait for answers behave.
import http from 'node:http';
import https from 'node:https';
import type { BenchOptions } from './args.ts';
import { Recorder } from './recorder.ts';

export interface PhaseResult {
  recorder: Recorder;
  stoppedBy: 'duration' | 'requests';
}

class BenchTimeout extends Error {
  readonly code = 'BENCH_TIMEOUT';
}

export function createAgent(options: BenchOptions): http.Agent {
  const settings = { keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections };
  // Loopback https is a development certificate (chapter 02): do not insist on a trusted CA.
  return options.url.protocol === 'https:' ? new https.Agent({ ...settings, rejectUnauthorized: false }) : new http.Agent(settings);
}

/** One request, start to last byte. Never rejects: the outcome goes into the recorder. */
function send(options: BenchOptions, agent: http.Agent, body: Buffer | undefined, recorder: Recorder, sockets: WeakSet<object>): Promise<void> {
  const transport = options.url.protocol === 'https:' ? https : http;
  const headers = body ? { ...options.headers, 'content-length': String(body.length) } : options.headers;
  return new Promise((resolve) => {
    const startedAt = performance.now();
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      outcome();
      resolve();
    };
    const req = transport.request(options.url, { method: options.method, headers, agent });
    const timer = setTimeout(() => req.destroy(new BenchTimeout(`no complete response within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('socket', (socket) => {
      // A socket the agent hands out again (keep-alive) is not a new connection.
      if (sockets.has(socket)) return;
      sockets.add(socket);
      if (socket.connecting) socket.once('connect', () => recorder.connectionsOpened++);
      else recorder.connectionsOpened++;
    });
    req.on('response', (res) => {
      res.on('error', (error) => finish(() => recorder.error(error)));
      res.on('end', () => finish(() => recorder.response(res.statusCode ?? 0, performance.now() - startedAt)));
      res.resume();
    });
    req.on('error', (error) => finish(() => recorder.error(error)));
    req.end(body);
  });
}

/** Runs one phase: load for `durationMs` or `maxRequests` requests, whichever ends first. */
export async function runPhase(options: BenchOptions, agent: http.Agent, durationMs: number, maxRequests: number): Promise<PhaseResult> {
  const recorder = new Recorder(Math.max(1, Math.ceil(durationMs / 1000)));
  const deadline = performance.now() + durationMs;
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const sockets = new WeakSet<object>();
  let started = 0;
  const loop = async () => {
    // In-flight requests finish (or time out) after the deadline; no new one starts.
    while (started < maxRequests && performance.now() < deadline) {
      started++;
      await send(options, agent, body, recorder, sockets);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  recorder.finish();
  return { recorder, stoppedBy: started >= maxRequests ? 'requests' : 'duration' };
}
