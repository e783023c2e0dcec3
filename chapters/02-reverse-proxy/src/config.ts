// Provided · The proxy's configuration, read from environment variables and checked once at
// start-up: a bad value stops the proxy with a message that names the variable.
// Lesson: README.md, section "Configuration".

export interface RateLimitConfig {
  /** RATE_LIMIT_BURST: how many requests a client may send at once (the bucket's size). */
  burst: number;
  /** RATE_LIMIT_PER_SECOND: how fast a client's bucket refills, in requests per second. */
  perSecond: number;
}

export interface AbTestConfig {
  /** AB_VARIANT_A_URL and AB_VARIANT_B_URL: the backend of each variant. */
  variantA: string;
  variantB: string;
  /** AB_RATIO_B: the share of new visitors sent to variant B, from 0 to 1 (default 0.5). */
  ratioB: number;
}

export interface TlsConfig {
  /** TLS_PORT: where the HTTPS listener accepts connections. */
  port: number;
  /** TLS_CERT_FILE and TLS_KEY_FILE: PEM files of the certificate and its private key. */
  certFile: string;
  keyFile: string;
}

export interface Config {
  /** HOST, default "127.0.0.1". */
  host: string;
  /** PORT, the plain HTTP listener, default 3000. */
  port: number;
  /** BACKEND_URL, where requests go when no A/B test is configured, default http://127.0.0.1:3001. */
  backendUrl: string;
  /** PROXY_TIMEOUT_MS: how long to wait for the backend before answering 504, default 5000. */
  timeoutMs: number;
  /** Set when RATE_LIMIT_PER_SECOND is set; no rate limit otherwise. */
  rateLimit?: RateLimitConfig;
  /** Set when both AB_VARIANT_A_URL and AB_VARIANT_B_URL are set. */
  abTest?: AbTestConfig;
  /** Set when TLS_PORT is set (then TLS_CERT_FILE and TLS_KEY_FILE are required). */
  tls?: TlsConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function port(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new ConfigError(`${name} must be a whole number from 0 to 65535, got "${raw}"`);
  return Number(raw);
}

function positive(name: string, raw: string, whole: boolean): number {
  const value = Number(raw);
  const ok = (whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(raw) && value > 0;
  if (!ok) throw new ConfigError(`${name} must be a ${whole ? 'whole number' : 'number'} above 0, got "${raw}"`);
  return value;
}

function httpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL like http://127.0.0.1:3001, got "${raw}"`);
  }
  if (url.protocol !== 'http:') throw new ConfigError(`${name} must be an http:// URL (the proxy talks plain HTTP to backends), got "${raw}"`);
  // http-proxy joins the target's path and the request's path; a bare origin keeps paths intact.
  return url.origin;
}

function ratio(raw: string): number {
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value > 1) throw new ConfigError(`AB_RATIO_B must be a number from 0 to 1, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config: Config = {
    host: env.HOST || '127.0.0.1',
    port: port('PORT', env.PORT ?? '3000'),
    backendUrl: httpUrl('BACKEND_URL', env.BACKEND_URL || 'http://127.0.0.1:3001'),
    timeoutMs: positive('PROXY_TIMEOUT_MS', env.PROXY_TIMEOUT_MS || '5000', true),
  };
  if (env.RATE_LIMIT_PER_SECOND) {
    config.rateLimit = {
      burst: positive('RATE_LIMIT_BURST', env.RATE_LIMIT_BURST || '20', true),
      perSecond: positive('RATE_LIMIT_PER_SECOND', env.RATE_LIMIT_PER_SECOND, false),
    };
  }
  if (env.AB_VARIANT_A_URL || env.AB_VARIANT_B_URL) {
    if (!env.AB_VARIANT_A_URL || !env.AB_VARIANT_B_URL) throw new ConfigError('an A/B test needs both AB_VARIANT_A_URL and AB_VARIANT_B_URL');
    config.abTest = {
      variantA: httpUrl('AB_VARIANT_A_URL', env.AB_VARIANT_A_URL),
      variantB: httpUrl('AB_VARIANT_B_URL', env.AB_VARIANT_B_URL),
      ratioB: ratio(env.AB_RATIO_B || '0.5'),
    };
  }
  if (env.TLS_PORT) {
    if (!env.TLS_CERT_FILE || !env.TLS_KEY_FILE) throw new ConfigError('TLS_PORT needs TLS_CERT_FILE and TLS_KEY_FILE (PEM files)');
    config.tls = { port: port('TLS_PORT', env.TLS_PORT), certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE };
  }
  return config;
}
