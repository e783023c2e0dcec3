// The suite-side handle of a fake cache: start it, make it slow or garbled, read what it was
// asked. Kill, pause or restart it with its component's signals and `restart()`.
import { fileURLToPath } from 'node:url';
import { childEnv } from './child-env.ts';
import { request } from './http-client.ts';
import { track } from './components.ts';
import { allocatePort } from './ports.ts';
import { Component } from './process.ts';

export interface CacheCommand {
  at: number;
  /** Which connection sent it (1, 2, ... in the order they opened). */
  conn: number;
  /** The command and its arguments as UTF-8, e.g. ["SET", "chirp:1", "{...}", "EX", "30"]. */
  args: string[];
}

export interface CacheMode {
  /** Answer every command this much later. */
  delayMs?: number;
  /** Answer every command with bytes that are not RESP. */
  garbage?: boolean;
}

const script = fileURLToPath(new URL('./fake-cache-server.mjs', import.meta.url));

export class FakeCache {
  private constructor(
    readonly port: number,
    readonly controlPort: number,
    public component: Component,
  ) {}

  static async start(port?: number, controlPort?: number): Promise<FakeCache> {
    const chosen = port ?? (await allocatePort());
    const control = controlPort ?? (await allocatePort());
    return new FakeCache(chosen, control, await FakeCache.spawn(chosen, control));
  }

  private static spawn(port: number, controlPort: number): Promise<Component> {
    return Component.start(
      {
        name: 'fake cache',
        command: process.execPath,
        args: [script],
        env: childEnv({ PORT: String(port), CONTROL_PORT: String(controlPort) }),
        readyPort: port,
      },
      track,
    );
  }

  /** The address an app is given, e.g. CACHE_URL=redis://127.0.0.1:6380. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private get control(): string {
    return `http://127.0.0.1:${this.controlPort}`;
  }

  /** Starts a fresh, empty process on the same ports (after a kill): the cache came back. */
  async restart(): Promise<void> {
    await this.component.stop();
    this.component = await FakeCache.spawn(this.port, this.controlPort);
  }

  async commands(): Promise<CacheCommand[]> {
    return (await request(`${this.control}/log`)).json<CacheCommand[]>();
  }

  async clearCommands(): Promise<void> {
    await request(`${this.control}/log`, { method: 'DELETE' });
  }

  async setMode(mode: CacheMode): Promise<void> {
    await request(`${this.control}/mode`, { method: 'PUT', body: mode });
  }

  async keys(): Promise<Record<string, { value: string; deadline: number | null }>> {
    return (await request(`${this.control}/keys`)).json();
  }
}
