// Provided · the network's settings, read from the environment once at start-up. A bad value
// stops it with exit code 1 and a message naming the variable.
// Lesson: README.md, section "T7 · A floating address".
import { ConfigError, type Env, port, text, wholeNumber } from '@scaling-lab/chirp';

export interface NetworkConfig {
  /** Where the control API listens (POST /network/announce, GET /network/state). */
  host: string;
  port: number;
  /** The public address: the one host:port clients use, whichever balancer owns it. */
  publicHost: string;
  publicPort: number;
}

export function loadConfig(env: Env = process.env): NetworkConfig {
  const config: NetworkConfig = {
    host: text(env, 'HOST', '127.0.0.1'),
    port: port(env, 7100),
    publicHost: text(env, 'PUBLIC_HOST', '127.0.0.1'),
    publicPort: wholeNumber(env, 'PUBLIC_PORT', 8080, 1, 65535),
  };
  // Loopback only: the course never sends traffic anywhere else.
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(config.publicHost)) throw new ConfigError(`PUBLIC_HOST must be a loopback address (127.x.y.z), got "${config.publicHost}"`);
  if (config.publicHost === config.host && config.publicPort === config.port) throw new ConfigError(`PUBLIC_PORT and PORT are both ${config.port}: the public address and the control API need one each`);
  return config;
}
