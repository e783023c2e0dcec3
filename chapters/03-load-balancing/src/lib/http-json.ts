// Provided: small HTTP helpers shared by the balancer, the registry and the demo app. Nothing
// here is graded; it keeps the learner's files about balancing, not about plumbing.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by readBody() when a body is larger than the limit; answer 413. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** Thrown by readJson() for a body that is not a JSON object; answer 400. */
export class BadJsonError extends Error {
  override name = 'BadJsonError';
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
        // Stop reading, but let the caller answer 413 on this same connection.
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

/** The body parsed as a JSON object (not an array, not a number). */
export async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<Record<string, unknown>> {
  const body = await readBody(req, limit);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadJsonError('the body must be JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadJsonError('the body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Why a request failed, in one line, for a JSON error body or a log. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error's message and the line that threw it: one log line per failed request, not a stack. */
export function where(error: unknown): string {
  const at = error instanceof Error ? error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim() : undefined;
  return at ? `${describeError(error)} (${at})` : describeError(error);
}
