// T1, T2 · The policies that choose a backend for each new request.
// Lesson: README.md, sections "T1 · Round robin" and "T2 · Weights and least connections".
import { consistentHash } from './hash-ring.ts';
import type { Backend } from './pool.ts';

export type PolicyName = 'round-robin' | 'least-connections' | 'consistent-hash';

/** What a policy may know about the request besides the candidates. */
export interface PickContext {
  /** The affinity key: the HASH_HEADER value, else the client's address (used by consistent-hash). */
  key: string;
}

export interface Policy {
  readonly name: PolicyName;
  /**
   * Chooses one of `candidates`: the healthy backends not yet tried for this request, in the
   * pool's order, never empty.
   */
  pick(candidates: readonly Backend[], context: PickContext): Backend;
}

export function createPolicy(name: PolicyName): Policy {
  switch (name) {
    case 'round-robin':
      return roundRobin();
    case 'least-connections':
      return leastConnections();
    case 'consistent-hash':
      return consistentHash();
  }
}

export function roundRobin(): Policy {
  // TODO(T1): keep state between calls and hand the candidates their turns in rotation:
  // a b c a b c ... Every request is a new turn, even on a reused (keep-alive) connection.
  // TODO(T2): respect `backend.weight`: weight 3 gets three turns for every one of weight 1,
  // spread out rather than in a burst.
  return {
    name: 'round-robin',
    pick(candidates) {
      void candidates;
      throw new Error('TODO(T1): roundRobin().pick() is not written yet');
    },
  };
}

export function leastConnections(): Policy {
  // TODO(T2): choose the candidate with the fewest requests in flight (`backend.inFlight`,
  // relative to its weight); rotate among ties. Counting the requests is the handler's job.
  return {
    name: 'least-connections',
    pick(candidates) {
      void candidates;
      throw new Error('TODO(T2): leastConnections().pick() is not written yet');
    },
  };
}
