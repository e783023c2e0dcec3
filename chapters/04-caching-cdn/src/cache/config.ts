// Provided · The cache server's settings, read from the environment once at start-up. A bad
// value stops the program with exit code 1 and a message naming the variable.
// Lesson: README.md, section "T1 · Speaking RESP" (the table of variables).

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export interface CacheConfig {
  host: string;
  port: number;
  /** The memory bound: the sum of every entry's bytes (see entryBytes) never passes it. */
  maxBytes: number;
}

const MiB = 1024 * 1024;

/** A whole number in [min, max]; checked as text first, because parseInt('12ab') is 12. */
function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${env[name]}"`);
  }
  return value;
}

export function loadConfig(env: Env = process.env): CacheConfig {
  const host = env.HOST?.trim();
  return {
    host: host === undefined || host === '' ? '127.0.0.1' : host,
    port: wholeNumber(env, 'PORT', 6380, 0, 65_535),
    // At least 1 KiB so a few small keys fit; at most 64 GiB, far beyond any test or laptop.
    maxBytes: wholeNumber(env, 'CACHE_MAX_BYTES', 64 * MiB, 1024, 64 * 1024 * MiB),
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
