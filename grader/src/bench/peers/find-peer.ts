// From --compare's name to a running-ready peer, or the reason there is none.
import { startHaproxy } from './haproxy.ts';
import { startNginx } from './nginx.ts';
import { binaryOf, findBinary, installHint, type Peer, type PeerName } from './peer.ts';

const PROXIES: Partial<Record<PeerName, (binary: string, upstreams: readonly string[], port: number) => Promise<void>>> = {
  nginx: startNginx,
  haproxy: startHaproxy,
};

export type PeerLookup = { found: Peer } | { missing: string };

export function findPeer(name: PeerName, searchPath?: string): PeerLookup {
  const binary = findBinary(binaryOf(name), searchPath);
  if (!binary) return { missing: installHint(name) };
  const startProxy = PROXIES[name];
  return { found: { name, binary, startProxy: (upstreams, port) => (startProxy ? startProxy(binary, upstreams, port) : Promise.reject(new Error(`${name} is not a proxy`))) } };
}
