// The suite-side handle of a fake backend: start it, change how it answers, read what it saw.
import { fileURLToPath } from 'node:url';
import { childEnv } from './child-env.ts';
import { request } from './http-client.ts';
import { track } from './lifecycle.ts';
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
