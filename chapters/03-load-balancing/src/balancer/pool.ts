// Provided: the balancer's list of backends and what it knows about each. The health checker
// writes `healthy`, the request handler the counters, discovery replaces the membership; the
// policies and the stats endpoint read it all.
import type { BackendSpec } from './config.ts';

export interface Backend {
  /** Origin of the app instance, e.g. "http://127.0.0.1:4001"; also its identity. */
  readonly url: string;
  weight: number;
  /** Eligible for new requests. Backends start healthy; the health checker (T3) changes this. */
  healthy: boolean;
  /** Requests sent to this backend that have not finished yet (T2 least connections, T7). */
  inFlight: number;
  /** Requests ever sent to this backend, including failed attempts (T7). */
  requests: number;
  /** Attempts that got no response: refused, reset, timed out (T7). */
  failures: number;
}

export class Pool {
  private members: Backend[] = [];

  constructor(initial: readonly BackendSpec[] = []) {
    this.replace(initial);
  }

  /** Every backend, healthy or not, in the order they were listed. */
  all(): readonly Backend[] {
    return this.members;
  }

  healthy(): Backend[] {
    return this.members.filter((backend) => backend.healthy);
  }

  find(url: string): Backend | undefined {
    return this.members.find((backend) => backend.url === url);
  }

  /**
   * Makes the membership exactly `specs`. A backend that stays keeps its object, so its health
   * and counters survive a refresh from the registry; a new one starts healthy with zeroed
   * counters; one that is no longer listed is dropped (requests already sent to it finish).
   */
  replace(specs: readonly BackendSpec[]): { added: string[]; removed: string[] } {
    const next: Backend[] = [];
    const added: string[] = [];
    for (const spec of specs) {
      if (next.some((backend) => backend.url === spec.url)) continue;
      const existing = this.find(spec.url);
      if (existing) {
        existing.weight = spec.weight;
        next.push(existing);
      } else {
        next.push({ url: spec.url, weight: spec.weight, healthy: true, inFlight: 0, requests: 0, failures: 0 });
        added.push(spec.url);
      }
    }
    const removed = this.members.filter((backend) => !next.includes(backend)).map((backend) => backend.url);
    this.members = next;
    return { added, removed };
  }
}
