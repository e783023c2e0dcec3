// Provided · The app's settings, read from the environment once at start-up. A bad value stops
// the app with a message that names the variable. Lesson: README.md, "Running the stack".
import path from 'node:path';
import { ConfigError, type Env, origin, port, text, wholeNumber } from '@scaling-lab/chirp';

export interface AppConfig {
  host: string;
  port: number;
  dataDir: string;
  instanceId: string;
  /** redis://host:port of the cache, or undefined to run without one. */
  cacheUrl?: string;
  /** How long a cached chirp or timeline page may live (the TTL of every SET). */
  cacheTtlSeconds: number;
  /** How long one cache command may take before the app gives up on it and uses SQLite. */
  cacheTimeoutMs: number;
  /** Where the page loads its assets from when they were pushed to a CDN edge. */
  cdnUrl?: string;
}

function cacheUrl(raw: string): string | undefined {
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`CACHE_URL: "${raw}" is not a URL; write it like redis://127.0.0.1:6380`);
  }
  if (url.protocol !== 'redis:' || !url.port || url.pathname.length > 1 || url.search) {
    throw new ConfigError(`CACHE_URL: "${raw}" must look like redis://127.0.0.1:6380`);
  }
  return `redis://${url.hostname}:${url.port}`;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const cdn = text(env, 'CDN_URL', '');
  return {
    host: text(env, 'HOST', '127.0.0.1'),
    port: port(env, 3000),
    dataDir: path.resolve(text(env, 'DATA_DIR', 'data')),
    instanceId: text(env, 'INSTANCE_ID', `chirp-${process.pid}`),
    cacheUrl: cacheUrl(text(env, 'CACHE_URL', '')),
    cacheTtlSeconds: wholeNumber(env, 'CACHE_TTL_SECONDS', 30, 1, 86_400),
    cacheTimeoutMs: wholeNumber(env, 'CACHE_TIMEOUT_MS', 100, 1, 10_000),
    cdnUrl: cdn === '' ? undefined : origin(cdn, 'CDN_URL'),
  };
}
