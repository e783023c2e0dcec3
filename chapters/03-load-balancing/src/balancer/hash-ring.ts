// T5 · Consistent hashing: a key (a user id) always lands on the same backend, and adding a
// backend moves only about 1/N of the keys, all of them to the newcomer.
// Lesson: README.md, section "T5 · Session affinity".
import { createHash } from 'node:crypto';
import type { Backend } from './pool.ts';
import type { Policy } from './policies.ts';

/** 32 bits of MD5: not for security, just a fast, well-mixed and stable hash. */
export function hash32(text: string): number {
  return createHash('md5').update(text).digest().readUInt32BE(0);
}

export class HashRing {
  constructor(backends: readonly Backend[]) {
    // TODO(T5): place many points per backend on a ring of 2^32 positions (more for a higher
    // weight), each point's position a hash of the backend's URL and the point's number, so
    // that every balancer, and this one after a restart, builds the same ring. Keep them sorted.
    void backends;
  }

  lookup(key: string): Backend {
    // TODO(T5): return the owner of the first point at or after hash32(key), wrapping round.
    // `hash32(key) % backends.length` is not consistent hashing: it moves most keys when N changes.
    void key;
    throw new Error('TODO(T5): HashRing.lookup() is not written yet');
  }
}

export function consistentHash(): Policy {
  // Building a ring costs a few thousand hashes, so keep one per candidate set.
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
