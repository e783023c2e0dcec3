// Provided · small HTTP helpers for the routers. Nothing here is graded; it keeps the files you
// write about routing, not about plumbing.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by readBody() when a body is larger than the limit; answer 413. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The whole request body, at most `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping it, but let the caller answer 413 on this same connection.
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(`request body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Why something failed, in one line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error's message and the line that threw it: one log line per failed request, not a stack. */
export function where(error: unknown): string {
  const at = error instanceof Error ? error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim() : undefined;
  return at ? `${describeError(error)} (${at})` : describeError(error);
}
