// Provided · Small HTTP helpers for the edge: JSON answers, hop-by-hop headers, request bodies
// and the operator's token. Nothing here is graded; it keeps your files about caching.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Header fields that describe one connection, not the message (RFC 9110 7.6.1): never forwarded or stored. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);

/** Headers as the edge keeps them: lower-case names, one string per field (Set-Cookie keeps a list). */
export type Headers = Record<string, string | string[]>;

/** The end-to-end headers of a message: hop-by-hop ones and those named in Connection removed. */
export function endToEnd(headers: IncomingHttpHeaders): Headers {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    kept[name] = value;
  }
  return kept;
}

/** One header's value as a single string ("" when absent); repeated fields joined with ", ". */
export function headerText(headers: IncomingHttpHeaders | Headers, name: string): string {
  const value = headers[name];
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Thrown by readBody() when a body is larger than the limit; answer 413. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** The whole request body, at most `limit` bytes (a small JSON body, never an upload). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping it, but drain it so the answer can go out on this connection.
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(`the request body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/**
 * Does the request carry `Authorization: Bearer <token>`? Compared in constant time: a plain
 * `===` returns sooner the earlier the first wrong character is, and that timing leaks the
 * token one character at a time. Hashing first makes both sides the same length.
 */
export function hasBearer(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

/** Why something failed, in one line, for a JSON error body or a log. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
