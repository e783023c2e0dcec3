// Reference for T1 and T2: the policies that choose a backend for each new request.
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

/**
 * Smooth weighted round robin (the scheme nginx uses). Each pick, every candidate's score grows
 * by its weight; the highest score wins and pays back the total. With weights 5, 1, 1 the order
 * is a a b a c a a: the heavy backend's turns are spread out, not served in a burst of five.
 * With equal weights it is plain rotation: a b c a b c.
 */
export function roundRobin(): Policy {
  // Scores live by URL, so a backend that leaves and comes back, or a retry that offers only
  // some candidates, does not reset everyone's turn.
  const scores = new Map<string, number>();
  return {
    name: 'round-robin',
    pick(candidates) {
      let total = 0;
      let best = candidates[0]!;
      let bestScore = -Infinity;
      for (const backend of candidates) {
        const score = (scores.get(backend.url) ?? 0) + backend.weight;
        scores.set(backend.url, score);
        total += backend.weight;
        if (score > bestScore) {
          best = backend;
          bestScore = score;
        }
      }
      scores.set(best.url, bestScore - total);
      return best;
    },
  };
}

/**
 * Least connections: the backend with the fewest requests in flight, relative to its weight.
 * A slow backend keeps its connections open longer, so it is offered fewer new ones. Ties,
 * which are the normal case under light load, rotate; always taking the first tied backend
 * would send all sequential traffic to one instance.
 */
export function leastConnections(): Policy {
  let turn = 0;
  return {
    name: 'least-connections',
    pick(candidates) {
      let lowest = Infinity;
      let tied: Backend[] = [];
      for (const backend of candidates) {
        const load = backend.inFlight / backend.weight;
        if (load < lowest) {
          lowest = load;
          tied = [backend];
        } else if (load === lowest) {
          tied.push(backend);
        }
      }
      return tied[turn++ % tied.length]!;
    },
  };
}
