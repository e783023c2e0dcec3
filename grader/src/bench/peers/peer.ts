// A peer is a well-known program that does a chapter's job (nginx as a reverse proxy or load
// balancer, haproxy, redis-server), run on the same loopback load as the course's code for a
// ratio. The course never depends on one: a missing peer is a note and a skip, not a failure.
// Peers run as the current user, with config, pid and log files in a temp dir.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export const PEER_NAMES = ['nginx', 'haproxy', 'redis-server', 'varnish'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/** A running peer listening on `port` of 127.0.0.1; the stack stops it with the rest. */
export interface PeerProxy {
  /** Starts the peer forwarding to `upstreams` (origins), listening on `port`. */
  startProxy(upstreams: readonly string[], port: number): Promise<void>;
}

export interface Peer extends PeerProxy {
  name: PeerName;
  /** Where the executable was found. */
  binary: string;
}

/** The executable each peer is started with. */
const BINARIES: Record<PeerName, string> = { nginx: 'nginx', haproxy: 'haproxy', 'redis-server': 'redis-server', varnish: 'varnishd' };
/** Debian and macOS package names, for the install hint. */
const PACKAGES: Record<PeerName, string> = { nginx: 'nginx', haproxy: 'haproxy', 'redis-server': 'redis-server', varnish: 'varnish' };

/** Looks in PATH and in the sbin folders, where Debian puts daemons a non-root PATH may lack. */
export function findBinary(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const dirs = [...searchPath.split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin', '/opt/homebrew/bin'];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function binaryOf(name: PeerName): string {
  return BINARIES[name];
}

export function installHint(name: PeerName): string {
  const brew = name === 'redis-server' ? 'redis' : PACKAGES[name];
  return `${name} is not installed, so the comparison is skipped. Install it with "apt-get install ${PACKAGES[name]}" (Debian, Ubuntu) or "brew install ${brew}" (macOS) and run again.`;
}
