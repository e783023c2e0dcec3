// The suite-side handle of a fake backend: start it, change how it answers, read what it saw.
import { fileURLToPath } from 'node:url';
import { childEnv } from './child-env.ts';
import { request } from './http-client.ts';
import { track } from './components.ts';
import { allocatePort } from './ports.ts';
import { Component } from './process.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
  rawHeaders: string[];
  httpVersion: string;
  /** The first 64 KiB of the body, as UTF-8. */
  body: string;
  bodyBytes: number;
  remoteAddress: string;
  at: number;
  /** The status the fake answered with (304 for a validated request); absent if it never answered. */
  status?: number;
}

/** How the fake answers; by default 200 with a JSON echo of the request. */
export interface Behaviour {
  /** Apply only to request paths starting with this prefix (the longest match wins). */
  path?: string;
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Extra response headers (they override the defaults, e.g. Content-Type). */
  headers?: Record<string, string>;
  /** Answer with this instead of the echo (objects are sent as JSON). */
  body?: unknown;
  /** Answer with these bytes (for encoded or binary bodies). */
  bodyBase64?: string;
  /** Answer with this many bytes where byte i is i % 251 (see fillerBytes). */
  bodyBytes?: number;
  /** Stream the body in this many pieces, without Content-Length, pausing between them. */
  chunks?: number;
  chunkDelayMs?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
  /** Never answer. */
  hang?: boolean;
  /**
   * Send this ETag (e.g. '"v1"') and answer a request whose If-None-Match matches it (weak
   * comparison, or "*") with 304 and no body. Change it with behave() to publish a new version.
   */
  etag?: string;
  /**
   * Send this Last-Modified (an HTTP date) and answer If-Modified-Since at or after it with 304
   * (only when the request has no If-None-Match, as RFC 9110 says).
   */
  lastModified?: string;
}

/** The bytes a `bodyBytes` behaviour sends, to compare with what came through. */
export function fillerBytes(size: number): Buffer {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buffer[i] = i % 251;
  return buffer;
}

const script = fileURLToPath(new URL('./fake-backend-server.mjs', import.meta.url));

export class FakeBackend {
  private constructor(
    readonly id: string,
    readonly port: number,
    readonly component: Component,
  ) {}

  static async start(id = 'backend', port?: number): Promise<FakeBackend> {
    const chosen = port ?? (await allocatePort());
    const component = await Component.start(
      {
        name: `fake backend ${id}`,
        command: process.execPath,
        args: [script],
        env: childEnv({ PORT: String(chosen), BACKEND_ID: id }),
        readyPort: chosen,
      },
      track,
    );
    return new FakeBackend(id, chosen, component);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async requests(): Promise<RecordedRequest[]> {
    return (await request(`${this.url}/__fake/requests`)).json<RecordedRequest[]>();
  }

  /** How many requests this fake recorded for exactly this URL (path and query), optionally of one method. */
  async count(url: string, method?: string): Promise<number> {
    return (await this.requests()).filter((r) => r.url === url && (method === undefined || r.method === method)).length;
  }

  async clearRequests(): Promise<void> {
    await request(`${this.url}/__fake/requests`, { method: 'DELETE' });
  }

  async behave(behaviour: Behaviour): Promise<void> {
    await request(`${this.url}/__fake/behaviour`, { method: 'PUT', body: behaviour });
  }

  /** Back to the default echo on every path. */
  async reset(): Promise<void> {
    await request(`${this.url}/__fake/behaviour`, { method: 'DELETE' });
  }
}
