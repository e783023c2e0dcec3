// Provided · the monitor's settings, read from the environment once at start-up. A bad value
// stops the monitor with exit code 1 and a message naming the variable.
// Lesson: README.md, section "T1 · A failure detector" has the table of every variable.
import path from 'node:path';
import { ConfigError, type Env, origin, port, text, wholeNumber } from '@scaling-lab/chirp';

/** A monitor watches at most this many nodes (a line of succession, not a fleet). */
export const MAX_NODES = 9;
/** And works with at most this many other monitors (T6): an odd total of 3, 5, 7 or 9 is usual. */
export const MAX_PEERS = 8;

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
  /** The other monitors' origins (T6): a promotion needs a majority of all the monitors' votes. */
  peers: string[];
  /** Where the monitor keeps its vote (DATA_DIR/monitor-vote.json), so a restart cannot vote twice. */
  dataDir: string;
}

/** A comma-separated list of distinct origins; `max` items at most. */
function originList(raw: string, name: string, max: number, what: string): string[] {
  const items = raw.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new ConfigError(`${name} has an empty item: "${raw}"`);
  const origins = items.map((item) => origin(item, name));
  if (origins.length > max) throw new ConfigError(`${name} lists ${origins.length} ${what}; at most ${max}`);
  if (new Set(origins).size !== origins.length) throw new ConfigError(`${name} lists the same origin twice: "${raw}"`);
  return origins;
}

function nodeList(env: Env): string[] {
  const raw = text(env, 'NODES', '');
  if (!raw) throw new ConfigError('NODES is required: the nodes to watch, comma-separated, like http://127.0.0.1:4001,http://127.0.0.1:4002');
  return originList(raw, 'NODES', MAX_NODES, 'nodes');
}

/** PEERS: the other monitors, or none (a monitor alone is its own majority). */
function peerList(env: Env, self: string, nodes: readonly string[]): string[] {
  const raw = text(env, 'PEERS', '');
  if (!raw) return [];
  const peers = originList(raw, 'PEERS', MAX_PEERS, 'monitors');
  if (peers.includes(self)) throw new ConfigError(`PEERS lists this monitor itself (${self}): list only the others`);
  const node = peers.find((peer) => nodes.includes(peer));
  if (node) throw new ConfigError(`PEERS lists ${node}, which NODES lists as a node: PEERS names the other monitors`);
  return peers;
}

export function loadConfig(env: Env = process.env): MonitorConfig {
  const listenPort = port(env, 7000);
  const host = text(env, 'HOST', '127.0.0.1');
  const nodes = nodeList(env);
  const config: MonitorConfig = {
    host,
    port: listenPort,
    monitorId: text(env, 'MONITOR_ID', `monitor-${listenPort}`),
    nodes,
    probeIntervalMs: wholeNumber(env, 'PROBE_INTERVAL_MS', 100, 1, 60_000),
    probeTimeoutMs: wholeNumber(env, 'PROBE_TIMEOUT_MS', 250, 1, 60_000),
    failureTimeoutMs: wholeNumber(env, 'FAILURE_TIMEOUT_MS', 500, 1, 3_600_000),
    syncReplicas: wholeNumber(env, 'SYNC_REPLICAS', 0, 0, MAX_NODES - 1),
    peers: peerList(env, `http://${host}:${listenPort}`, nodes),
    dataDir: path.resolve(text(env, 'DATA_DIR', 'data')),
  };
  if (config.monitorId.length > 100) throw new ConfigError(`MONITOR_ID is ${config.monitorId.length} characters long; at most 100, since peers repeat it in every vote`);
  if (config.syncReplicas >= config.nodes.length) {
    throw new ConfigError(`SYNC_REPLICAS (${config.syncReplicas}) must be below the number of NODES (${config.nodes.length}): it counts followers, and one node leads`);
  }
  if (config.probeTimeoutMs >= config.failureTimeoutMs) {
    // Otherwise one slow probe alone could outlast the failure timeout: a false alarm by design.
    throw new ConfigError(`PROBE_TIMEOUT_MS (${config.probeTimeoutMs}) must be below FAILURE_TIMEOUT_MS (${config.failureTimeoutMs})`);
  }
  return config;
}
