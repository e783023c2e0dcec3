// T1 · Configuration. The server reads its settings from environment variables, checks them
// once at start-up, and refuses to start with a message that names a bad variable.
// Lesson: README.md, section "T1 · Configuration and health".
import path from 'node:path';

export interface Config {
  /** HOST, default "127.0.0.1". */
  host: string;
  /** PORT, a whole number 0-65535, default 3000. */
  port: number;
  /** DATA_DIR as an absolute path, default "./data". */
  dataDir: string;
  /** INSTANCE_ID, 1-64 of [A-Za-z0-9._-], default "chirp-<pid>". */
  instanceId: string;
}

/** Thrown for a bad setting; main.ts prints its message and exits with code 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // TODO(T1): read HOST, PORT, DATA_DIR and INSTANCE_ID from `env`, apply the defaults,
  // and throw a ConfigError naming the variable when a value is invalid ("12ab" is not a port).
  void env;
  void path;
  throw new Error('TODO(T1): loadConfig() is not written yet');
}
