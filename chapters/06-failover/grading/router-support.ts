// Helpers for the router's hidden tests (T4). The router fronts the learner's own nodes, and the
// grader plays the monitor: it promotes and re-points nodes itself through the control API, so
// T4 never depends on the monitor of T1 and T2.
import type http from 'node:http';
import { check, excerpt, type LearnerApp, pollUntil, request, RequestFailure, startLearnerApp } from '@scaling-lab/grader/harness';

export const T4_LESSON = 'README.md, section "T4 · The entry point follows the leader"';

/** A router in front of `nodes` (in this order: NODES), probing every 100 ms unless told otherwise. */
export function startRouter(nodes: readonly { url: string }[], env: Record<string, string> = {}): Promise<LearnerApp> {
  return startLearnerApp({
    entry: 'router',
    name: 'your router',
    instanceId: 'router',
    env: { NODES: nodes.map((n) => n.url).join(','), PROBE_INTERVAL_MS: '100', PROBE_TIMEOUT_MS: '250', REQUEST_TIMEOUT_MS: '5000', ...env },
  });
}

export interface RouterView {
  leader: unknown;
  epoch: unknown;
}

export async function routerView(router: LearnerApp): Promise<RouterView> {
  const res = await request(`${router.url}/__router/leader`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /__router/leader: expected 200, got ${res.status} ${excerpt(res.text)} (provided code: keep main.ts as given)`);
  return res.json<RouterView>();
}

/** Waits until GET /__router/leader names `node` in `epoch` (or no leader, for `null`). */
export async function waitForView(router: LearnerApp, node: { url: string } | null, epoch: number | null, what: string, timeoutMs = 5000): Promise<void> {
  let last: RouterView | undefined;
  const wanted = { leader: node?.url ?? null, epoch };
  try {
    await pollUntil(
      async () => {
        last = await routerView(router);
        return last.leader === wanted.leader && last.epoch === wanted.epoch;
      },
      { what: `${what}: GET /__router/leader to say ${JSON.stringify(wanted)}`, timeoutMs, intervalMs: 25 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; it last said ${JSON.stringify(last)}. Read: ${T4_LESSON}`);
  }
}

export interface Sent {
  /** 0 when no HTTP answer came back at all. */
  status: number;
  /** X-Chirp-Node and X-Chirp-Epoch of the answer. */
  node: string | undefined;
  epoch: string | undefined;
  body: string;
  error?: string;
  startedAt: number;
  endedAt: number;
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** One request through the router; network failures become status 0 instead of throwing. */
export async function send(router: LearnerApp, path: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: unknown; timeoutMs?: number } = {}): Promise<Sent> {
  const startedAt = Date.now();
  try {
    const res = await request(`${router.url}${path}`, { timeoutMs: 10_000, ...options });
    return { status: res.status, node: one(res.headers['x-chirp-node']), epoch: one(res.headers['x-chirp-epoch']), body: res.text, startedAt, endedAt: Date.now() };
  } catch (error) {
    if (!(error instanceof RequestFailure)) throw error;
    return { status: 0, node: undefined, epoch: undefined, body: '', error: error.message, startedAt, endedAt: Date.now() };
  }
}

/** POST /api/chirps through the router. */
export function post(router: LearnerApp, author: string, text: string, headers: http.OutgoingHttpHeaders = {}, timeoutMs = 10_000): Promise<Sent> {
  return send(router, '/api/chirps', { method: 'POST', headers, body: { author, text }, timeoutMs });
}

export function describeSent(sent: Sent): string {
  if (sent.status === 0) return `no answer (${sent.error})`;
  return `${sent.status} from ${sent.node ?? 'no node (no X-Chirp-Node)'}${sent.epoch === undefined ? '' : ` in epoch ${sent.epoch}`} ${excerpt(sent.body, 160)}`;
}

/** Is it the router's own error: one of `statuses` with a JSON body {"error": "..."}? */
export function isRouterError(sent: Sent, statuses: readonly number[]): boolean {
  if (!statuses.includes(sent.status)) return false;
  try {
    return typeof (JSON.parse(sent.body) as { error?: unknown }).error === 'string';
  } catch {
    return false;
  }
}

/** The texts of the chirps `author` has on `node` (read from the node itself, not the router). */
export async function textsOn(node: LearnerApp, author: string): Promise<string[]> {
  const res = await request(`${node.url}/api/chirps?author=${author}&limit=100`, { timeoutMs: 5000 });
  check(res.status === 200, () => `GET /api/chirps?author=${author} on ${node.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)}`);
  return res.json<{ chirps: { text: string }[] }>().chirps.map((c) => c.text);
}
