// Provided · the keeper's settings, read from the environment once at start-up. A bad value
// stops it with exit code 1 and a message naming the variable.
// Lesson: README.md, section "T7 · A floating address" has the table of every variable.
import { ConfigError, type Env, origin, port, text, wholeNumber } from '@scaling-lab/chirp';

export interface KeeperConfig {
  host: string;
  port: number;
  /** Its name in GET /keeper/state and in its log lines. */
  keeperId: string;
  /** The balancer this keeper speaks for: the owner it announces when it takes the address. */
  balancer: string;
  /** The other keeper's origin: where adverts go while this one is the master. */
  peer: string;
  /** The network's control API (POST /network/announce). */
  network: string;
  /** A master sends an advert this often; a backup takes over after about three missed ones. */
  advertIntervalMs: number;
  /**
   * Set: this keeper's balancer is the address's preferred owner (T8, active-active), and a backup
   * takes the address back after this long. Unset: it never takes it from a healthy master (T7).
   */
  preemptDelayMs: number | null;
}

function required(env: Env, name: string, example: string, what: string): string {
  const raw = text(env, name, '');
  if (!raw) throw new ConfigError(`${name} is required: ${what}, like ${example}`);
  return origin(raw, name);
}

export function loadConfig(env: Env = process.env): KeeperConfig {
  const host = text(env, 'HOST', '127.0.0.1');
  const listenPort = port(env, 7200);
  const config: KeeperConfig = {
    host,
    port: listenPort,
    keeperId: text(env, 'KEEPER_ID', `keeper-${listenPort}`),
    balancer: required(env, 'BALANCER', 'http://127.0.0.1:8001', 'the balancer this keeper speaks for'),
    peer: required(env, 'PEER', 'http://127.0.0.1:7201', 'the other keeper'),
    network: required(env, 'NETWORK', 'http://127.0.0.1:7100', "the network's control API"),
    advertIntervalMs: wholeNumber(env, 'ADVERT_INTERVAL_MS', 100, 10, 60_000),
    preemptDelayMs: text(env, 'PREEMPT_DELAY_MS', '') === '' ? null : wholeNumber(env, 'PREEMPT_DELAY_MS', 0, 1, 3_600_000),
  };
  if (config.keeperId.length > 100) throw new ConfigError(`KEEPER_ID is ${config.keeperId.length} characters long; at most 100`);
  const self = `http://${host}:${listenPort}`;
  if (config.peer === self) throw new ConfigError(`PEER is this keeper itself (${self}): name the other keeper`);
  if (config.preemptDelayMs !== null && config.preemptDelayMs < 4 * config.advertIntervalMs) {
    // Shorter than a backup's wait, a preferred keeper would take the address back from a master
    // it has barely heard: a restart would look like preemption at once.
    throw new ConfigError(`PREEMPT_DELAY_MS (${config.preemptDelayMs}) must be at least four advert intervals (${4 * config.advertIntervalMs} ms)`);
  }
  if (new Set([config.balancer, config.peer, config.network]).size < 3) throw new ConfigError('BALANCER, PEER and NETWORK must be three different origins');
  return config;
}
