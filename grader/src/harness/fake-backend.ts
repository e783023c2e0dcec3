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

export interface Behaviour {
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  headers?: Record<string, string>;
  /** Answer with this instead of the echo (objects are sent as JSON). */
  body?: unknown;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
  /** Never answer. */
  hang?: boolean;
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

  async reset(): Promise<void> {
    await request(`${this.url}/__fake/behaviour`, { method: 'DELETE' });
  }
}
