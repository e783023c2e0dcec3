// A small HTTP client for suites: every call has a timeout, network errors become messages a
// learner can act on, and nothing is hidden (raw headers, exact bytes, no automatic retries,
// no connection reuse unless asked for).
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { excerpt, LabFailure } from './failure.ts';
import { formatSeconds } from './poll.ts';
import { noteConnectionLost, noteNoAnswer } from './diagnosis.ts';
import { hungPatience, noteAnswer, noteSilence } from './program-record.ts';
import { waitingFor } from './waits.ts';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The body parsed as JSON; a LabFailure naming the request when it is not JSON. */
  json<T = unknown>(): T;
}

export interface RequestOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** A string or Buffer is sent as is; anything else is sent as JSON. */
  body?: unknown;
  timeoutMs?: number;
  /** Reuse connections (keep-alive) through this agent; by default each request has its own. */
  agent?: http.Agent;
  /**
   * Source address, e.g. "127.0.0.7": every 127.x.y.z is this machine, so one test can play
   * many clients with distinct addresses (per-client rate limits, sticky routing).
   */
  localAddress?: string;
}

/** A network-level failure: the request got no HTTP response at all. */
export class RequestFailure extends LabFailure {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server listening on that port?)',
  ECONNRESET: 'the connection was reset before a complete response arrived',
  EPIPE: 'the connection was closed while the request was being sent',
  TIMEOUT: 'no complete response',
};

function encodeBody(body: unknown, headers: OutgoingHttpHeaders): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  return Buffer.from(JSON.stringify(body));
}

export interface OpenRequest {
  /** Sends part of the body now; the request stays open. */
  write(chunk: string | Buffer): Promise<void>;
  /** Sends the rest and waits for the response. */
  end(chunk?: string | Buffer): Promise<HttpResponse>;
  /** Settles when the response arrives, even before end() (a server may answer early). */
  response: Promise<HttpResponse>;
  /**
   * With an `Expect: 100-continue` header: resolves when the server says "100 Continue",
   * proof that it has read the request's headers (or when it answers outright).
   */
  continued: Promise<void>;
}

/** Starts a request whose body is sent in parts: slow uploads, in-flight requests. */
export function openRequest(url: string, options: Omit<RequestOptions, 'body'> = {}): OpenRequest {
  const method = options.method ?? 'POST';
  const label = `${method} ${url}`;
  const target = splitUrl(url);
  const port = Number(target.port);
  // A learner program that has never answered anything and once let a request time out gets a
  // short patience: one full deadline per run is enough to learn it is hung.
  const patience = hungPatience(port);
  const fullTimeoutMs = options.timeoutMs ?? 10_000;
  const timeoutMs = patience ? Math.min(fullTimeoutMs, patience.ms) : fullTimeoutMs;
  const req = http.request({ ...target, method, headers: options.headers, agent: options.agent ?? false, localAddress: options.localAddress });
  const done = waitingFor(`a response to ${label}`);
  let timer: NodeJS.Timeout | undefined;
  const response = new Promise<HttpResponse>((resolve, reject) => {
    timer = setTimeout(() => {
      req.destroy();
      noteNoAnswer(port, label);
      if (timeoutMs === fullTimeoutMs) noteSilence(port);
      const why = timeoutMs < fullTimeoutMs ? ` (${patience!.why})` : '';
      reject(new RequestFailure(`${label}: ${REASONS.TIMEOUT} after ${formatSeconds(timeoutMs)}${why}`, 'TIMEOUT'));
    }, timeoutMs);
    req.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'ERROR';
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE') noteConnectionLost(port);
      reject(new RequestFailure(`${label}: ${REASONS[code] ?? error.message}`, code));
    });
    req.once('response', (res) => {
      noteAnswer(port);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', (error) => {
        noteConnectionLost(port);
        reject(new RequestFailure(`${label}: the response broke off (${error.message})`, 'ECONNRESET'));
      });
      res.once('end', () => resolve(makeResponse(label, res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
    });
  }).finally(() => {
    clearTimeout(timer);
    done();
  });
  // Keep an unobserved rejection from crashing the worker; callers observe `response`.
  response.catch(() => {});
  const continued = new Promise<void>((resolve, reject) => {
    req.once('continue', resolve);
    response.then(() => resolve(), reject);
  });
  continued.catch(() => {});
  // Send the headers now: the request is in flight before its body is.
  req.flushHeaders();
  return {
    response,
    continued,
    write: (chunk) => new Promise((resolve, reject) => req.write(chunk, (error) => (error ? reject(error) : resolve()))),
    end: (chunk) => {
      req.end(chunk);
      return response;
    },
  };
}

/**
 * Host and port from the URL, but the path exactly as written: `new URL()` would resolve
 * "/static/../x" and "%2e%2e" before they ever reach the server under test.
 */
function splitUrl(url: string): { hostname: string; port: string; path: string } {
  const match = /^http:\/\/([^/?#]+)(.*)$/.exec(url);
  if (!match) throw new Error(`only http:// URLs are supported, got ${url}`);
  const { hostname, port } = new URL(`http://${match[1]}`);
  return { hostname: hostname.replace(/^\[|\]$/g, ''), port: port || '80', path: match[2] || '/' };
}

export function request(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const headers: OutgoingHttpHeaders = { ...options.headers };
  const body = encodeBody(options.body, headers);
  if (body !== undefined) headers['content-length'] = body.length;
  const open = openRequest(url, { ...options, method: options.method ?? (body ? 'POST' : 'GET'), headers });
  return open.end(body);
}

function makeResponse(label: string, status: number, headers: IncomingHttpHeaders, body: Buffer): HttpResponse {
  const text = body.toString('utf8');
  return {
    status,
    headers,
    body,
    text,
    json<T>(): T {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new LabFailure(`${label}: expected a JSON body, got ${excerpt(text)} (status ${status})`);
      }
    },
  };
}
