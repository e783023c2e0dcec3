// Provided · A node's settings, read from the environment once at start-up. A bad value stops
// the node with a message that names the variable (exit code 1). Lesson: README.md, "Running a node".
import path from 'node:path';
import { ConfigError, type Env, origin, port, text, wholeNumber } from '@scaling-lab/chirp';

export type Role = 'leader' | 'follower';

export interface NodeConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Its name in /healthz, X-Chirp-Node and the `follower` parameter of its log fetches. */
  nodeId: string;
  role: Role;
  /** Followers: the leader's origin, e.g. http://127.0.0.1:4001 (a fault proxy in tests). */
  leaderUrl?: string;
  /** Leader: how many followers must have applied a write before it is answered (0 = asynchronous). */
  syncReplicas: number;
  syncTimeoutMs: number;
  /** Leader: how many newest log entries it keeps. */
  logRetain: number;
  /** Follower: how long one long poll may wait at the leader. */
  fetchWaitMs: number;
  /** How long a read carrying X-Chirp-Min-Position may wait for this node to reach it. */
  readWaitMs: number;
  /** T8: the other leader's origin; set, this node is one of two leaders. */
  peerUrl?: string;
  /** T8: 1 or 2, which ids this leader gives new chirps (odd or even). */
  idOffset: number;
  /** T8 experiments: added to the wall clock, in ms (negative: this node's clock is behind). */
  clockSkewMs: number;
  /** T8 experiments: the wall clock stands still at this time (ms since 1970). */
  clockStoppedAtMs?: number;
}

/** A whole number that may be negative, within ±limit; `fallback` when unset. */
function signedWhole(env: Env, name: string, fallback: number, limit: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d{1,16}$/.test(raw) || Math.abs(Number(raw)) > limit) throw new ConfigError(`${name} must be a whole number from -${limit} to ${limit}, got "${raw}"`);
  return Number(raw);
}

export function loadConfig(env: Env = process.env): NodeConfig {
  const listenPort = port(env, 3000);
  const role = text(env, 'ROLE', 'leader');
  if (role !== 'leader' && role !== 'follower') throw new ConfigError(`ROLE must be "leader" or "follower", got "${env.ROLE}"`);
  const leader = text(env, 'LEADER_URL', '');
  if (role === 'follower' && leader === '') throw new ConfigError('LEADER_URL is required when ROLE=follower (the leader\'s origin, like http://127.0.0.1:4001)');
  const nodeId = text(env, 'NODE_ID', text(env, 'INSTANCE_ID', `node-${listenPort}`));
  if (!/^[\w.-]{1,64}$/.test(nodeId)) throw new ConfigError(`NODE_ID must be 1-64 letters, digits, "_", "." or "-", got "${nodeId}"`);
  const peer = text(env, 'PEER_URL', '');
  if (peer !== '' && role !== 'leader') throw new ConfigError('PEER_URL is for ROLE=leader only: it makes this node one of two leaders');
  const syncReplicas = wholeNumber(env, 'SYNC_REPLICAS', 0, 0, 16);
  if (peer !== '' && syncReplicas > 0) throw new ConfigError('SYNC_REPLICAS must be 0 with PEER_URL: two leaders replicate asynchronously');
  const stoppedAt = text(env, 'CLOCK_STOPPED_AT_MS', '');
  return {
    host: text(env, 'HOST', '127.0.0.1'),
    port: listenPort,
    dataDir: path.resolve(text(env, 'DATA_DIR', 'data')),
    nodeId,
    role,
    leaderUrl: leader === '' ? undefined : origin(leader, 'LEADER_URL'),
    syncReplicas,
    syncTimeoutMs: wholeNumber(env, 'SYNC_TIMEOUT_MS', 2000, 1, 60_000),
    logRetain: wholeNumber(env, 'LOG_RETAIN', 10_000, 1, 10_000_000),
    fetchWaitMs: wholeNumber(env, 'FETCH_WAIT_MS', 500, 0, 60_000),
    readWaitMs: wholeNumber(env, 'READ_WAIT_MS', 1000, 0, 60_000),
    peerUrl: peer === '' ? undefined : origin(peer, 'PEER_URL'),
    idOffset: wholeNumber(env, 'ID_OFFSET', 1, 1, 2),
    clockSkewMs: signedWhole(env, 'CLOCK_SKEW_MS', 0, 10 * 365 * 86_400_000),
    clockStoppedAtMs: stoppedAt === '' ? undefined : wholeNumber(env, 'CLOCK_STOPPED_AT_MS', 0, 0, 8_640_000_000_000),
  };
}
