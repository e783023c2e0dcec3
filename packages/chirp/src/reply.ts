// Every answer the Chirp app gives passes through one function, `respond`, as a Reply: what
// kind of route produced it, the status, the body, and when the resource last changed. The
// default sends it as it is; chapter 04 replaces it to add HTTP caching headers and 304s.
import type { Request, Response } from 'express';

/**
 * Which kind of route answered. A caching policy is chosen per kind:
 * - chirp: one chirp by id; timeline: a page of the list; page: the HTML page;
 * - asset: a static file under a content-hashed name (its bytes never change);
 * - health: /healthz; write: the answer to POST or DELETE; error: any 4xx/5xx answer.
 */
export type RouteKind = 'chirp' | 'timeline' | 'page' | 'asset' | 'health' | 'write' | 'error';

export interface Reply {
  route: RouteKind;
  status: number;
  /** A JSON value, or the exact bytes of a page or an asset; absent for 204. */
  body?: unknown;
  /** Content-Type for byte bodies; JSON bodies are always application/json. */
  contentType?: string;
  /** When the resource last changed, when the app knows: a chirp's createdAt, an asset's build. */
  lastModified?: Date;
  /** Extra headers the route needs (e.g. Location after a create). */
  headers?: Record<string, string>;
}

export type Respond = (req: Request, res: Response, reply: Reply) => void;

/** The exact bytes and type a reply is sent as: ETags and lengths are computed from these. */
export function encodeBody(reply: Reply): { bytes: Buffer; type: string } | undefined {
  if (reply.body === undefined) return undefined;
  if (Buffer.isBuffer(reply.body)) return { bytes: reply.body, type: reply.contentType ?? 'application/octet-stream' };
  return { bytes: Buffer.from(JSON.stringify(reply.body)), type: 'application/json; charset=utf-8' };
}

/** Sends a reply with no caching headers at all: the app's behaviour before chapter 04. */
export const sendPlain: Respond = (_req, res, reply) => {
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  const encoded = encodeBody(reply);
  if (!encoded) return void res.end();
  res.setHeader('Content-Type', encoded.type);
  res.setHeader('Content-Length', encoded.bytes.length);
  res.end(encoded.bytes);
};
