// Provided: the balancer's settings, read from the environment once at start-up.
// Lesson: README.md, section "Running the balancer" has the table of every variable.
import { ConfigError, type Env, origin, port, text, wholeNumber } from '../lib/env.ts';
import type { PolicyName } from './policies.ts';

export interface BackendSpec {
  /** Origin of one app instance, e.g. "http://127.0.0.1:4001". */
  url: string;
  /** Relative share of the traffic; 1 unless written as "url*3". */
  weight: number;
}

export interface HealthSettings {
  /** Time between two checks of a backend; 0 turns active checks off (every backend stays healthy). */
  intervalMs: number;
  /** A check with no answer after this long has failed (a paused process accepts, never answers). */
  timeoutMs: number;
  /** Consecutive failed checks that take a healthy backend out. */
  fall: number;
  /** Consecutive passed checks that bring an unhealthy backend back. */
  rise: number;
  /** The path checked on each backend; any 2xx answer passes. */
  path: string;
}

export interface DiscoverySettings {
  /** Base URL of the registry, e.g. "http://127.0.0.1:8500". */
  registryUrl: string;
  /** The service whose instances are this balancer's backends. */
  service: string;
  /** How often the balancer asks the registry for the current instances. */
  intervalMs: number;
}

export interface BalancerConfig {
  host: string;
  port: number;
  /** The fixed backends from BACKENDS; empty when the registry supplies them. */
  backends: BackendSpec[];
  policy: PolicyName;
  /** Request header whose value is the key for POLICY=consistent-hash (lower case). */
  hashHeader: string;
  /** Cookie name for sticky sessions; undefined when STICKY_COOKIE is unset. */
  stickyCookie: string | undefined;
  health: HealthSettings;
  discovery: DiscoverySettings | undefined;
  /** Time a backend has to start answering before the attempt counts as failed. */
  proxyTimeoutMs: number;
  /** Request bodies are buffered (so they can be replayed on another backend) up to this size. */
  maxBodyBytes: number;
}

const POLICIES: readonly PolicyName[] = ['round-robin', 'least-connections', 'consistent-hash'];

/** "http://127.0.0.1:4001*3,http://127.0.0.1:4002" -> two backends, weights 3 and 1. */
export function parseBackends(raw: string): BackendSpec[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const match = /^(.*?)(?:\*(\d+))?$/.exec(item)!;
      const weight = match[2] === undefined ? 1 : Number(match[2]);
      if (weight < 1 || weight > 100) throw new ConfigError(`BACKENDS: the weight in "${item}" must be 1-100`);
      return { url: origin(match[1]!, 'BACKENDS'), weight };
    });
}

export function loadConfig(env: Env = process.env): BalancerConfig {
  const policy = text(env, 'POLICY', 'round-robin') as PolicyName;
  if (!POLICIES.includes(policy)) throw new ConfigError(`POLICY must be one of ${POLICIES.join(', ')}, got "${env.POLICY}"`);
  const backends = parseBackends(text(env, 'BACKENDS', ''));
  const registryUrl = text(env, 'REGISTRY_URL', '');
  if (backends.length === 0 && !registryUrl) throw new ConfigError('set BACKENDS (a comma-separated list of http://host:port) or REGISTRY_URL');
  if (backends.length > 0 && registryUrl) throw new ConfigError('set BACKENDS or REGISTRY_URL, not both: the registry is the list');
  if (registryUrl && !/^http:\/\/[^/]+\/?$/.test(registryUrl)) throw new ConfigError(`REGISTRY_URL must look like http://127.0.0.1:8500, got "${registryUrl}"`);
  const intervalMs = wholeNumber(env, 'HEALTH_INTERVAL_MS', 2000, 0, 3_600_000);
  const healthPath = text(env, 'HEALTH_PATH', '/healthz');
  if (!healthPath.startsWith('/')) throw new ConfigError(`HEALTH_PATH must start with "/", got "${healthPath}"`);
  const sticky = text(env, 'STICKY_COOKIE', '');
  if (sticky && !/^[A-Za-z0-9_-]{1,64}$/.test(sticky)) throw new ConfigError(`STICKY_COOKIE must be a cookie name of letters, digits, "_" or "-", got "${sticky}"`);
  return {
    host: text(env, 'HOST', '127.0.0.1'),
    port: port(env, 8080),
    backends,
    policy,
    hashHeader: text(env, 'HASH_HEADER', 'x-user-id').toLowerCase(),
    stickyCookie: sticky || undefined,
    health: {
      intervalMs,
      timeoutMs: wholeNumber(env, 'HEALTH_TIMEOUT_MS', 1000, 1, 60_000),
      fall: wholeNumber(env, 'HEALTH_FALL', 3, 1, 100),
      rise: wholeNumber(env, 'HEALTH_RISE', 2, 1, 100),
      path: healthPath,
    },
    discovery: registryUrl
      ? {
          registryUrl: registryUrl.replace(/\/+$/, ''),
          service: text(env, 'SERVICE_NAME', 'chirp'),
          intervalMs: wholeNumber(env, 'DISCOVERY_INTERVAL_MS', 1000, 10, 3_600_000),
        }
      : undefined,
    proxyTimeoutMs: wholeNumber(env, 'PROXY_TIMEOUT_MS', 10_000, 1, 600_000),
    maxBodyBytes: wholeNumber(env, 'MAX_BODY_BYTES', 1024 * 1024, 0, 100 * 1024 * 1024),
  };
}
