// Provided · Talking to the origin: one request with a deadline, and reading an answer's body
// only as far as the cache could store it. Your handler decides what to ask and what to keep.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Headers } from './http-util.ts';

export interface OriginAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, not read yet: read it with readUpTo(), pass it on with passThrough(), or drain it with body.resume(). */
  body: IncomingMessage;
  /** When the request was sent and the answer's headers arrived (ms since 1970): RFC 9111 4.2.3 needs both. */
  requestTime: number;
  responseTime: number;
}

/** The origin could not be asked or gave no answer: refused, reset, or silent past the deadline. */
export class OriginError extends Error {
  override name = 'OriginError';
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

export interface OriginRequest {
  method: string;
  /** The request target, path and query exactly as the client sent them. */
  path: string;
  headers: Headers;
  /** A body to stream to the origin (unsafe methods); none for GET. */
  body?: Readable;
}

/** Sends one request to the origin and resolves when the answer's headers have arrived. */
export function askOrigin(originUrl: string, agent: http.Agent, timeoutMs: number, request: OriginRequest): Promise<OriginAnswer> {
  const origin = new URL(originUrl);
  const requestTime = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      hostname: origin.hostname,
      port: origin.port || 80,
      method: request.method,
      path: request.path,
      headers: { ...request.headers, host: origin.host },
      agent,
    });
    // Idle for timeoutMs before the headers, or between two pieces of the body: give up.
    req.setTimeout(timeoutMs, () => req.destroy(new OriginError(`the origin sent nothing for ${timeoutMs} ms`, true)));
    req.once('error', (error: NodeJS.ErrnoException) => {
      reject(error instanceof OriginError ? error : new OriginError(`the origin could not be reached: ${error.code ?? error.message}`, false));
    });
    req.once('response', (res) => {
      resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res, requestTime, responseTime: Date.now() });
    });
    if (request.body) request.body.pipe(req);
    else req.end();
  });
}

export type ReadResult =
  /** The whole body, no longer than the limit. */
  | { complete: true; body: Buffer }
  /** Longer than the limit: what was read so far; the rest is still in the answer's stream (paused). */
  | { complete: false; head: Buffer };

/**
 * Reads an answer's body, but never more than `limit` bytes into memory: a body that turns out
 * longer is left to stream through (passThrough) instead of being buffered without bound.
 */
export function readUpTo(body: IncomingMessage, limit: number): Promise<ReadResult> {
  const declared = Number(body.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ complete: false, head: Buffer.alloc(0) });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        body.pause();
        body.off('data', onData);
        body.off('end', onEnd);
        resolve({ complete: false, head: Buffer.concat(chunks) });
      }
    };
    const onEnd = () => resolve({ complete: true, body: Buffer.concat(chunks) });
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', reject);
  });
}

/**
 * Sends an origin answer on to the client as it arrives: the status, the given headers, the
 * bytes already read (`head`) and the rest of the stream. Nothing of it is stored.
 */
export function passThrough(res: ServerResponse, answer: OriginAnswer, headers: Headers, head: Buffer, withBody: boolean): void {
  res.writeHead(answer.status, headers);
  if (!withBody) {
    answer.body.resume();
    res.end();
    return;
  }
  if (head.length > 0) res.write(head);
  answer.body.once('error', () => res.destroy());
  res.once('close', () => {
    if (!res.writableFinished) answer.body.destroy();
  });
  answer.body.pipe(res);
  answer.body.resume();
}
