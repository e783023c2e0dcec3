// Reference for T1: configuration comes from the environment, is checked once at start-up,
// and a bad value stops the process with a message that names the variable.
import path from 'node:path';

export interface Config {
  /** Address to listen on; 127.0.0.1 keeps a development server off the network. */
  host: string;
  port: number;
  /** Folder that holds the SQLite database; created if missing. */
  dataDir: string;
  /** Name this process reports in /healthz, so you can tell instances apart later. */
  instanceId: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parsePort(raw: string): number {
  // Number('12ab') is NaN and Number('') is 0, so check the text itself, not just the number.
  if (!/^\d+$/.test(raw)) throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  const port = Number(raw);
  if (port > 65535) throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  return port;
}

function parseInstanceId(raw: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) {
    throw new ConfigError(`INSTANCE_ID must be 1-64 letters, digits, ".", "_" or "-", got "${raw}"`);
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: parsePort(env.PORT ?? '3000'),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    instanceId: parseInstanceId(env.INSTANCE_ID || `chirp-${process.pid}`),
  };
}
