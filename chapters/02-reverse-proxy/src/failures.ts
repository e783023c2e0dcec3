// T4 · Failure answers. When the backend cannot answer, the proxy does: 502 Bad Gateway when
// it is unreachable or broke the connection, 504 Gateway Timeout when it was too slow. Both
// with a JSON body {"error": "..."}, and the proxy itself stays up.
// Lesson: README.md, section "T4 · Failure answers".
import type { ServerResponse } from 'node:http';

/** Provided: the error to destroy a backend request with when config.timeoutMs runs out. */
export class BackendTimeout extends Error {
  override name = 'BackendTimeout';
  readonly code = 'ETIMEDOUT';

  constructor(readonly timeoutMs: number) {
    super(`the backend did not answer within ${timeoutMs} ms`);
  }
}

/** The status that tells a client what went wrong between the proxy and the backend. */
export function failureStatus(error: NodeJS.ErrnoException): 502 | 504 {
  // TODO(T4): 504 for a timeout (a BackendTimeout, or code "ETIMEDOUT"), 502 for anything else.
  void error;
  return 502;
}

/** Answers the client for a backend that failed (http-proxy's 'error' event). */
export function answerFailure(error: NodeJS.ErrnoException, res: ServerResponse): void {
  // TODO(T4): answer failureStatus(error) with a JSON body {"error": "..."}. When the response
  // has already started (res.headersSent), all you can do is cut it short: res.destroy().
  void error;
  res.destroy();
}
