// Provided · A deadline over a whole HTTP exchange: the request, the headers AND the body.
//
// Why not `AbortSignal.any([AbortSignal.timeout(ms), signal])`: on Node 20, a timeout signal
// that only such a combined signal refers to can be garbage-collected while a response body is
// still being read, and then it never fires. A partition that swallows the rest of a body would
// leave the reader waiting for ever. A plain timer holds its controller, so it always fires.

/**
 * Runs `exchange` with a signal that aborts after `timeoutMs`, or when `stop` (the caller's own
 * signal, e.g. a process shutting down) aborts, whichever comes first. Read the body inside
 * `exchange`, so that the deadline covers it too.
 */
export async function withDeadline<T>(timeoutMs: number, stop: AbortSignal | undefined, exchange: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  const onStop = () => controller.abort(stop!.reason);
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  try {
    return await exchange(controller.signal);
  } finally {
    clearTimeout(timer);
    // One fetch after another on a long-lived stop signal must not pile up listeners on it.
    stop?.removeEventListener('abort', onStop);
  }
}
