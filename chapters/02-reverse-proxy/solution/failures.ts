// Reference for T4: when the backend cannot give an answer, the proxy gives one: 502 when the
// backend is unreachable or broke the connection, 504 when it was too slow. Always JSON, so
// clients parse one error format whether it came from the proxy or the app.
import type { ServerResponse } from 'node:http';

/** The error forward.ts destroys a backend request with when PROXY_TIMEOUT_MS runs out. */
export class BackendTimeout extends Error {
  override name = 'BackendTimeout';
  readonly code = 'ETIMEDOUT';

  constructor(readonly timeoutMs: number) {
    super(`the backend did not answer within ${timeoutMs} ms`);
  }
}

export function failureStatus(error: NodeJS.ErrnoException): 502 | 504 {
  // ETIMEDOUT also covers a connect that timed out in the kernel: a gateway timeout too.
  return error instanceof BackendTimeout || error.code === 'ETIMEDOUT' ? 504 : 502;
}

export function answerFailure(error: NodeJS.ErrnoException, res: ServerResponse): void {
  // Once the status line is out, a broken body can only be signalled by cutting the connection.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = failureStatus(error);
  const message = status === 504 ? `gateway timeout: ${error.message}` : `bad gateway: the backend could not be reached (${error.code ?? error.message})`;
  // Tell the operator which request failed and why; tell the client only what it can act on.
  console.error(`proxy: ${status} ${error.code ?? ''} ${error.message}`);
  const body = JSON.stringify({ error: message });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}
