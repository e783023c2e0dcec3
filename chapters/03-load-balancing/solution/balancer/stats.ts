// Reference for T7: the admin endpoint. GET /__lb/stats answers what the balancer knows about
// each backend, as JSON, from the balancer itself: it is never forwarded.
import type { IncomingMessage } from 'node:http';
import type { PolicyName } from './policies.ts';
import type { Pool } from './pool.ts';

export const STATS_PATH = '/__lb/stats';

export interface BackendStats {
  url: string;
  weight: number;
  healthy: boolean;
  inFlight: number;
  requests: number;
  failures: number;
}

export interface StatsBody {
  policy: PolicyName;
  backends: BackendStats[];
}

export function isStatsRequest(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0];
  return path === STATS_PATH;
}

export function statsBody(pool: Pool, policy: PolicyName): StatsBody {
  // A copy of the numbers, field by field: the live objects keep changing after we answer.
  return {
    policy,
    backends: pool.all().map(({ url, weight, healthy, inFlight, requests, failures }) => ({ url, weight, healthy, inFlight, requests, failures })),
  };
}
