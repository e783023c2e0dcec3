// Provided · the router's settings, read from the environment once at start-up. A bad value
// stops the router with exit code 1 and a message naming the variable.
// Lesson: README.md, section "T4 · A read/write router" has the table of every variable.
import { ConfigError, type Env, origin, port, text, wholeNumber } from '@scaling-lab/chirp';

export interface RouterConfig {
  host: string;
  port: number;
  /** Origin of the leader node: every write goes there. */
  leaderUrl: string;
  /** Origins of the follower nodes, in FOLLOWER_URLS order (may be empty). */
  followerUrls: string[];
  /** A follower further behind the leader than this many log entries gets no reads. */
  maxLagEntries: number;
  /** Time between two rounds of /healthz checks. */
  healthIntervalMs: number;
  /** A /healthz check with no answer after this long has failed (a paused node never answers). */
  healthTimeoutMs: number;
  /** How long a read carrying X-Chirp-Min-Position may wait for a follower to catch up. */
  readWaitMs: number;
  /** Time a node has to start answering a forwarded request. */
  requestTimeoutMs: number;
  /** Request bodies are buffered (so a failed read can be replayed on the leader) up to this size. */
  maxBodyBytes: number;
}

export function loadConfig(env: Env = process.env): RouterConfig {
  const leader = text(env, 'LEADER_URL', '');
  if (!leader) throw new ConfigError('LEADER_URL is required: the leader node, like http://127.0.0.1:4001');
  const followerUrls = text(env, 'FOLLOWER_URLS', '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => origin(item, 'FOLLOWER_URLS'));
  const leaderUrl = origin(leader, 'LEADER_URL');
  if (followerUrls.includes(leaderUrl)) throw new ConfigError(`FOLLOWER_URLS must not list the leader (${leaderUrl})`);
  if (new Set(followerUrls).size !== followerUrls.length) throw new ConfigError('FOLLOWER_URLS lists a node twice');
  return {
    host: text(env, 'HOST', '127.0.0.1'),
    port: port(env, 8080),
    leaderUrl,
    followerUrls,
    maxLagEntries: wholeNumber(env, 'MAX_LAG_ENTRIES', 100, 0, 1_000_000_000),
    healthIntervalMs: wholeNumber(env, 'HEALTH_INTERVAL_MS', 200, 10, 3_600_000),
    healthTimeoutMs: wholeNumber(env, 'HEALTH_TIMEOUT_MS', 1000, 1, 60_000),
    readWaitMs: wholeNumber(env, 'READ_WAIT_MS', 1000, 0, 60_000),
    requestTimeoutMs: wholeNumber(env, 'REQUEST_TIMEOUT_MS', 10_000, 1, 600_000),
    maxBodyBytes: wholeNumber(env, 'MAX_BODY_BYTES', 1024 * 1024, 0, 100 * 1024 * 1024),
  };
}
