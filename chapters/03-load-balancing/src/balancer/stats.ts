// T7 · The admin endpoint: GET /__lb/stats answers what the balancer knows about each backend,
// as JSON, from the balancer itself; it is never forwarded.
// Lesson: README.md, section "T7 · The stats endpoint".
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
  // TODO(T7): one entry per backend in the pool, healthy or not, with the fields above.
  void pool;
  void policy;
  throw new Error('TODO(T7): statsBody() is not written yet');
}
