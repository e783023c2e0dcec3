// Waiting without sleeping blindly: poll a condition until it holds or a deadline passes.
import { setTimeout as delay } from 'node:timers/promises';
import { LabFailure } from './failure.ts';
import { waitingFor } from './waits.ts';

export interface PollOptions {
  /** What we are waiting for, in words a learner understands ("the app to accept connections"). */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Stop early with this failure (e.g. the process exited while we waited). */
  abort?: () => LabFailure | undefined;
}

/**
 * Calls `check` until it returns a value other than undefined/false, or throws past the deadline.
 * A throwing check counts as "not yet"; its last error is quoted if the deadline passes.
 */
export async function pollUntil<T>(check: () => Promise<T | undefined | false> | T | undefined | false, options: PollOptions): Promise<T> {
  const done = waitingFor(options.what);
  try {
    return await poll(check, options);
  } finally {
    done();
  }
}

async function poll<T>(check: () => Promise<T | undefined | false> | T | undefined | false, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  // Start fast (most waits are short) and back off to the requested interval.
  let interval = Math.min(10, options.intervalMs ?? 50);
  let lastError: unknown;
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) throw aborted;
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const last = lastError instanceof Error ? ` (last attempt: ${lastError.message})` : '';
      throw new LabFailure(`timed out after ${formatSeconds(options.timeoutMs)} waiting for ${options.what}${last}`);
    }
    await delay(Math.min(interval, Math.max(1, deadline - Date.now())));
    interval = Math.min(interval * 2, options.intervalMs ?? 50);
  }
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
