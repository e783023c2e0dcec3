// Reference for T5: consistent hashing. Each backend owns many points on a ring of 2^32
// positions; a key belongs to the first point clockwise from its own hash. Adding a backend
// adds points, which take over only the keys just before them: about 1/N of all keys move,
// and they all move to the newcomer. With `hash % N`, changing N moves almost every key.
import { createHash } from 'node:crypto';
import type { Backend } from './pool.ts';
import type { Policy } from './policies.ts';

/** Points per unit of weight: enough that each backend's share is within a few percent of fair. */
const POINTS_PER_WEIGHT = 160;

/** 32 bits of MD5: not for security, just a fast, well-mixed and stable hash. */
export function hash32(text: string): number {
  return createHash('md5').update(text).digest().readUInt32BE(0);
}

export class HashRing {
  private readonly hashes: number[] = [];
  private readonly owners: Backend[] = [];

  constructor(backends: readonly Backend[]) {
    const points: { hash: number; backend: Backend }[] = [];
    for (const backend of backends) {
      // Points come from the URL alone: every balancer, and this one after a restart, builds
      // the same ring from the same list, so a key lands on the same backend everywhere.
      for (let i = 0; i < POINTS_PER_WEIGHT * backend.weight; i++) points.push({ hash: hash32(`${backend.url}#${i}`), backend });
    }
    points.sort((a, b) => a.hash - b.hash || a.backend.url.localeCompare(b.backend.url));
    for (const point of points) {
      this.hashes.push(point.hash);
      this.owners.push(point.backend);
    }
  }

  /** The owner of the first point at or after the key's hash, wrapping round at the top. */
  lookup(key: string): Backend {
    const target = hash32(key);
    let low = 0;
    let high = this.hashes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.hashes[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return this.owners[low === this.hashes.length ? 0 : low]!;
  }
}

export function consistentHash(): Policy {
  // A ring per candidate set: the full pool normally, a smaller set while some backends are
  // down or during a retry. Removing a backend's points hands its keys to the next point
  // clockwise, so keys of healthy backends never move.
  const rings = new Map<string, HashRing>();
  return {
    name: 'consistent-hash',
    pick(candidates, { key }) {
      const signature = candidates.map((backend) => `${backend.url}*${backend.weight}`).join(',');
      let ring = rings.get(signature);
      if (!ring) {
        if (rings.size >= 16) rings.clear();
        ring = new HashRing(candidates);
        rings.set(signature, ring);
      }
      return ring.lookup(key);
    },
  };
}
