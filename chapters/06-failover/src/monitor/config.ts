// Provided · the monitor's settings, read from the environment once at start-up. A bad value
// stops the monitor with exit code 1 and a message naming the variable.
// Lesson: README.md, section "T1 · A failure detector" has the table of every variable.
import { ConfigError, type Env, origin, port, text, wholeNumber } from '@scaling-lab/chirp';

/** A monitor watches at most this many nodes (a line of succession, not a fleet). */
export const MAX_NODES = 9;

export interface MonitorConfig {
  host: string;
  port: number;
  /** Its name in GET /monitor/state and in its log lines. */
  monitorId: string;
  /** The nodes' origins, in NODES order: the line of succession when positions tie. */
  nodes: string[];
  /** Time between the end of one probe of a node and the start of the next. */
  probeIntervalMs: number;
  /** A probe with no complete answer after this long has failed (a paused node never answers). */
  probeTimeoutMs: number;
  /** A node with no successful probe for this long is suspected. */
  failureTimeoutMs: number;
  /** The cluster's SYNC_REPLICAS: how many followers hold each acknowledged write (T5). */
  syncReplicas: number;
}

function nodeList(env: Env): string[] {
  const raw = text(env, 'NODES', '');
  if (!raw) throw new ConfigError('NODES is required: the nodes to watch, comma-separated, like http://127.0.0.1:4001,http://127.0.0.1:4002');
  const nodes = raw.split(',').map((item) => item.trim());
  if (nodes.some((item) => item === '')) throw new ConfigError(`NODES has an empty item: "${raw}"`);
  const origins = nodes.map((item) => origin(item, 'NODES'));
  if (origins.length > MAX_NODES) throw new ConfigError(`NODES lists ${origins.length} nodes; a monitor watches 1 to ${MAX_NODES}`);
  if (new Set(origins).size !== origins.length) throw new ConfigError(`NODES lists a node twice: "${raw}"`);
  return origins;
}

export function loadConfig(env: Env = process.env): MonitorConfig {
  const listenPort = port(env, 7000);
  const config: MonitorConfig = {
    host: text(env, 'HOST', '127.0.0.1'),
    port: listenPort,
    monitorId: text(env, 'MONITOR_ID', `monitor-${listenPort}`),
    nodes: nodeList(env),
    probeIntervalMs: wholeNumber(env, 'PROBE_INTERVAL_MS', 100, 1, 60_000),
    probeTimeoutMs: wholeNumber(env, 'PROBE_TIMEOUT_MS', 250, 1, 60_000),
    failureTimeoutMs: wholeNumber(env, 'FAILURE_TIMEOUT_MS', 500, 1, 3_600_000),
    syncReplicas: wholeNumber(env, 'SYNC_REPLICAS', 0, 0, MAX_NODES - 1),
  };
  if (config.syncReplicas >= config.nodes.length) {
    throw new ConfigError(`SYNC_REPLICAS (${config.syncReplicas}) must be below the number of NODES (${config.nodes.length}): it counts followers, and one node leads`);
  }
  if (config.probeTimeoutMs >= config.failureTimeoutMs) {
    // Otherwise one slow probe alone could outlast the failure timeout: a false alarm by design.
    throw new ConfigError(`PROBE_TIMEOUT_MS (${config.probeTimeoutMs}) must be below FAILURE_TIMEOUT_MS (${config.failureTimeoutMs})`);
  }
  return config;
}
