// Reading settings from environment variables, checked once at start-up. A bad value stops
// the program with a message that names the variable (chapter 01, T1).

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

/** The variable's text, or `fallback` when it is unset or empty. */
export function text(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
}

/** A whole number in [min, max]; checked as text first, because parseInt('12ab') is 12. */
export function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function port(env: Env, fallback: number): number {
  return wholeNumber(env, 'PORT', fallback, 0, 65535);
}

/**
 * An origin such as "http://127.0.0.1:4001": scheme, host and port only. Backends are origins
 * because the balancer forwards each request's own path to them unchanged.
 */
export function origin(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: "${raw}" is not a URL; write it like http://127.0.0.1:4001`);
  }
  if (url.protocol !== 'http:') throw new ConfigError(`${name}: "${raw}" must start with http://`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new ConfigError(`${name}: "${raw}" must be just scheme, host and port, like http://127.0.0.1:4001`);
  }
  return url.origin;
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
