// The suite-side handle of a fault-injecting TCP proxy (fault-proxy-server.mjs): put it between
// a client and a node, then slow, cut, reset or retarget that link while a workload runs.
import { fileURLToPath } from 'node:url';
import { childEnv } from '../child-env.ts';
import { request } from '../http-client.ts';
import { track } from '../components.ts';
import { allocatePort } from '../ports.ts';
import { Component } from '../process.ts';
import type { NemesisSink } from './history.ts';

export type FaultDirection = 'both' | 'to-target' | 'from-target';

export interface ProxyCounts {
  /** Connections accepted, open now, accepted during a full partition (never forwarded). */
  accepted: number;
  open: number;
  blackholed: number;
  /** Errors on the target side (refused, reset by the node) and connections reset by reset(). */
  targetErrors: number;
  resets: number;
  bytesToTarget: number;
  bytesFromTarget: number;
  droppedToTarget: number;
  droppedFromTarget: number;
}

export interface ProxyEvent {
  /** Wall-clock ms (Date.now() in the proxy; same clock as the suite's). */
  at: number;
  kind: 'start' | 'pass' | 'latency' | 'drop' | 'reset' | 'target';
  ms?: number;
  jitterMs?: number;
  direction?: FaultDirection;
  port?: number;
  connections?: number;
  /** The counts just after the change. */
  counts: ProxyCounts;
}

export interface FaultProxyOptions {
  /** The node behind the proxy: a port or 'http://127.0.0.1:PORT' (loopback only). */
  target: number | string;
  /** Shown in messages and recorded as the nemesis event's node: "n2". */
  name?: string;
  /** When given, every fault this proxy injects is recorded there as a nemesis event. */
  history?: NemesisSink;
}

const script = fileURLToPath(new URL('./fault-proxy-server.mjs', import.meta.url));

/** Only 127.0.0.1: the grader never touches another address. */
export function loopbackPort(target: number | string): number {
  if (typeof target === 'number') return target;
  const match = /^(?:http:\/\/)?127\.0\.0\.1:(\d+)\/?$/.exec(target);
  if (!match) throw new Error(`a fault proxy target must be a port or http://127.0.0.1:PORT, got ${target}`);
  return Number(match[1]);
}

export class FaultProxy {
  private constructor(
    readonly name: string,
    readonly port: number,
    readonly controlPort: number,
    readonly component: Component,
    private readonly history: NemesisSink | undefined,
  ) {}

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const name = options.name ?? 'proxy';
    const targetPort = loopbackPort(options.target);
    const [port, controlPort] = [await allocatePort(), await allocatePort()];
    const component = await Component.start(
      {
        name: `fault proxy ${name}`,
        command: process.execPath,
        args: [script],
        env: childEnv({ PROXY_NAME: name, PROXY_PORT: String(port), CONTROL_PORT: String(controlPort), TARGET_PORT: String(targetPort) }),
        // The control port opens after the proxy port, and probing it opens no proxied connection.
        readyPort: controlPort,
      },
      track,
    );
    return new FaultProxy(name, port, controlPort, component, options.history);
  }

  /** Where clients connect instead of the node. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Forward normally again: no latency, no drop. Existing connections that lost bytes keep their gap. */
  async pass(): Promise<void> {
    await this.control('/pass', {}, 'heal');
  }

  heal(): Promise<void> {
    return this.pass();
  }

  /**
   * Delays every chunk by ms (+/- jitterMs, uniform; order kept) in each chosen direction: a
   * round trip through 'both' gains about 2 x ms. Replaces an earlier latency; drops stay.
   */
  async latency(ms: number, options: { jitterMs?: number; direction?: FaultDirection } = {}): Promise<void> {
    const { jitterMs = 0, direction = 'both' } = options;
    await this.control('/latency', { ms, jitterMs, direction }, 'latency', `${ms} ms${jitterMs ? ` +/- ${jitterMs}` : ''} ${direction}`);
  }

  /**
   * A blackhole: bytes (and FIN/RST) that way vanish, connections stay open, clients wait for
   * their own timeouts. Replaces an earlier drop direction. With 'both', new connections are
   * accepted and never forwarded, even after heal; bytes dropped from an open connection are gone
   * for good (its stream has a gap after heal: reset() for a clean slate).
   */
  async drop(direction: FaultDirection = 'both'): Promise<void> {
    await this.control('/drop', { direction }, 'partition', direction === 'both' ? undefined : `${direction} only`);
  }

  /** Closes every open connection with RST, on the client's side and the node's. */
  async reset(): Promise<void> {
    await this.control('/reset', {}, 'reset');
  }

  /** New connections go to this node from now on; open ones stay where they are (call reset() to cut them). */
  async target(target: number | string): Promise<void> {
    const port = loopbackPort(target);
    await this.control('/target', { port }, 'retarget', `-> 127.0.0.1:${port}`);
  }

  async state(): Promise<{ targetPort: number; latencyMs: number; jitterMs: number; latencyDirection: FaultDirection; drop: FaultDirection | 'none'; counts: ProxyCounts }> {
    return (await request(`http://127.0.0.1:${this.controlPort}/state`, { timeoutMs: 5000 })).json();
  }

  /** Every change, oldest first, and the counts now. */
  async events(): Promise<{ events: ProxyEvent[]; counts: ProxyCounts }> {
    return (await request(`http://127.0.0.1:${this.controlPort}/events`, { timeoutMs: 5000 })).json();
  }

  stop(): Promise<unknown> {
    return this.component.stop();
  }

  private async control(route: string, body: object, kind: string, detail?: string): Promise<void> {
    const res = await request(`http://127.0.0.1:${this.controlPort}${route}`, { method: 'POST', body, timeoutMs: 5000 });
    if (res.status !== 200) throw new Error(`fault proxy ${this.name}: ${route} answered ${res.status}: ${res.text}`);
    this.history?.nemesis(kind, { node: this.name, detail });
  }
}
