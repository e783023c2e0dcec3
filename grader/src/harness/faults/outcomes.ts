// How a client call's answer or error becomes an outcome. The rule that matters: only a call
// that certainly never reached the server is a fail; anything that may have reached it is info.
import type { IncomingHttpHeaders } from 'node:http';
import { LabFailure } from '../failure.ts';
import type { Completion, Outcome } from './history.ts';

/** Errors that prove the request was never sent: nobody accepted the connection. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EADDRNOTAVAIL']);

export function outcomeOfError(error: unknown): { outcome: Outcome; message: string; rethrow: boolean } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return { outcome: NEVER_SENT.has(code) ? 'fail' : 'info', message, rethrow: false };
  // A LabFailure is the harness describing the server's answer (e.g. a body that is not JSON).
  return { outcome: 'info', message, rethrow: !(error instanceof LabFailure) };
}

/**
 * A status's outcome: 2xx ok; 3xx and 4xx fail (a definite "not here": a follower's redirect to
 * the leader, a bad request); 5xx info, because a server can fail after it wrote (chapter 05: a
 * leader's 503 after SYNC_TIMEOUT_MS has the write). Return another outcome from the `run`
 * callback when the protocol says more (a 503 that certainly did nothing).
 */
export function outcomeOfStatus(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 300 && status < 500) return 'fail';
  return 'info';
}

export interface AnswerHeaders {
  node?: string;
  position?: string;
  epoch?: string;
}

/** A completion from an HTTP answer: outcome by status, node / position / epoch from headers (names configurable, Chirp's by default). */
export function completionFromResponse(res: { status: number; headers: IncomingHttpHeaders }, value?: unknown, names: AnswerHeaders = {}): Completion {
  // Chapter 05's contract: every answer carries X-Chirp-Node and X-Chirp-Position.
  const { node = 'x-chirp-node', position = 'x-chirp-position', epoch = 'x-chirp-epoch' } = names;
  const header = (name: string) => {
    const raw = res.headers[name];
    return Array.isArray(raw) ? raw[0] : raw;
  };
  const number = (name: string) => {
    const text = header(name);
    return text === undefined || !Number.isFinite(Number(text)) ? undefined : Number(text);
  };
  const outcome = outcomeOfStatus(res.status);
  return { outcome, value, node: header(node), position: number(position), epoch: number(epoch), error: outcome === 'ok' ? undefined : `status ${res.status}` };
}
