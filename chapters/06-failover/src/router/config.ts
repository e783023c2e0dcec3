// Provided · the router's settings, read from the environment once at start-up. A bad value
// stops the router with exit code 1 and a message naming the variable.
// Lesson: README.md, section "T4 · The entry point follows the leader" has the table.
import { ConfigError, type Env, origin, port, text, wholeNumber } from '@scaling-lab/chirp';

/** The router fronts at most this many nodes, like the monitor. */
export const MAX_NODES = 9;

export interface RouterConfig {
  host: string;
  port: number;
  /** The nodes' origins, in NODES order. Any of them may be the leader. */
  nodes: string[];
  /** Time between the end of one /healthz probe of a node and the start of the next. */
  probeIntervalMs: number;
  /** A probe with no complete answer after this long has failed (a paused node never answers). */
  probeTimeoutMs: number;
  /** Time a node has to start answering a forwarded request. */
  requestTimeoutMs: number;
  /** Request bodies are buffered (so a write can be sent again) up to this size; larger: 413. */
  maxBodyBytes: number;
}

function nodeList(env: Env): string[] {
  const raw = text(env, 'NODES', '');
  if (!raw) throw new ConfigError('NODES is required: the nodes to front, comma-separated, like http://127.0.0.1:4001,http://127.0.0.1:4002');
  const nodes = raw.split(',').map((item) => item.trim());
  if (nodes.some((item) => item === '')) throw new ConfigError(`NODES has an empty item: "${raw}"`);
  const origins = nodes.map((item) => origin(item, 'NODES'));
  if (origins.length > MAX_NODES) throw new ConfigError(`NODES lists ${origins.length} nodes; a router fronts 1 to ${MAX_NODES}`);
  if (new Set(origins).size !== origins.length) throw new ConfigError(`NODES lists a node twice: "${raw}"`);
  return origins;
}

export function loadConfig(env: Env = process.env): RouterConfig {
  return {
    host: text(env, 'HOST', '127.0.0.1'),
    port: port(env, 8080),
    nodes: nodeList(env),
    probeIntervalMs: wholeNumber(env, 'PROBE_INTERVAL_MS', 100, 1, 3_600_000),
    probeTimeoutMs: wholeNumber(env, 'PROBE_TIMEOUT_MS', 250, 1, 60_000),
    requestTimeoutMs: wholeNumber(env, 'REQUEST_TIMEOUT_MS', 5000, 1, 600_000),
    maxBodyBytes: wholeNumber(env, 'MAX_BODY_BYTES', 64 * 1024, 0, 100 * 1024 * 1024),
  };
}
