// Provided · The edge's settings, read from the environment once at start-up. A bad value stops
// the program with exit code 1 and a message naming the variable.
// Lesson: README.md, section "Running the edge" has the table of every variable.

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export interface EdgeConfig {
  host: string;
  port: number;
  /** The origin every cache miss is fetched from, e.g. "http://127.0.0.1:4001" (no path). */
  originUrl: string;
  /** The pull cache's memory bound: stored bodies plus headers, in bytes (LRU beyond it). */
  maxBytes: number;
  /** The operator's token for purge and uploads; undefined turns both APIs off (403). */
  token: string | undefined;
  /** Largest accepted upload to the push CDN, in bytes. */
  uploadMaxBytes: number;
  /** Time the origin has to start answering (and to send each piece of a body) before it counts as failed. */
  originTimeoutMs: number;
}

const MiB = 1024 * 1024;

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${env[name]}"`);
  return value;
}

function origin(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') throw new ConfigError('ORIGIN_URL is required: the origin the edge pulls from, like http://127.0.0.1:3000');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`ORIGIN_URL: "${raw}" is not a URL; write it like http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:') throw new ConfigError(`ORIGIN_URL: "${raw}" must start with http://`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`ORIGIN_URL: "${raw}" must be just scheme, host and port, like http://127.0.0.1:3000`);
  }
  return url.origin;
}

function token(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  // A token is sent in an Authorization header: printable ASCII without spaces, and long
  // enough that guessing it is hopeless.
  if (!/^[\x21-\x7e]{16,512}$/.test(raw)) throw new ConfigError('EDGE_TOKEN must be 16 to 512 printable ASCII characters without spaces');
  return raw;
}

export function loadConfig(env: Env = process.env): EdgeConfig {
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: wholeNumber(env, 'PORT', 8080, 0, 65535),
    originUrl: origin(env.ORIGIN_URL),
    maxBytes: wholeNumber(env, 'EDGE_MAX_BYTES', 64 * MiB, 1024, 16 * 1024 * MiB),
    token: token(env.EDGE_TOKEN),
    uploadMaxBytes: wholeNumber(env, 'UPLOAD_MAX_BYTES', MiB, 1, 1024 * MiB),
    originTimeoutMs: wholeNumber(env, 'ORIGIN_TIMEOUT_MS', 10_000, 1, 600_000),
  };
}

/** Runs `load`, and on a ConfigError prints it and exits with code 1. */
export function loadOrExit<T>(program: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${program}: ${error.message}`);
    process.exit(1);
  }
}
