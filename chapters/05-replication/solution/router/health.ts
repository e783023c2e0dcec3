// Reference for T4 · The router's eyes: every HEALTH_INTERVAL_MS it asks each node for
// GET /healthz and records whether it answered and at which position. Routing decisions read
// only what this file records, so a node is judged by its last answer, never by a guess.
import type { RouterConfig } from './config.ts';
import type { NodeState } from './nodes.ts';

/**
 * Applies one /healthz answer (or undefined: no answer, timeout, not JSON) to a node. Only a
 * well-formed body with the role the node was configured with counts: a "follower" that says
 * it is a leader is a split brain or a wrong address, not a place to read from.
 */
export function applyHealth(node: NodeState, body: unknown, now = Date.now()): void {
  const health = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const position = health.position;
  const valid = health.role === node.role && typeof position === 'number' && Number.isSafeInteger(position) && position >= 0;
  node.up = valid;
  if (!valid) return;
  node.position = position;
  node.seenAt = now;
}

/** One check: the parsed body of a 2xx answer within the timeout, else undefined. */
async function fetchHealth(url: string, timeoutMs: number): Promise<unknown> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return await res.json();
  } catch {
    return undefined; // Refused, reset, timed out, or not JSON: all mean "not answering".
  }
}

export class HealthChecker {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly nodes: readonly NodeState[],
    private readonly settings: Pick<RouterConfig, 'healthIntervalMs' | 'healthTimeoutMs'>,
  ) {}

  /** Checks every node now, then keeps checking each on its own schedule. */
  start(): void {
    // One loop per node: a paused node whose check waits for its timeout delays nobody else.
    for (const node of this.nodes) void this.loop(node);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  private async loop(node: NodeState): Promise<void> {
    if (this.stopped) return;
    const wasUp = node.up;
    applyHealth(node, await fetchHealth(node.url, this.settings.healthTimeoutMs));
    if (wasUp !== node.up) console.log(`router: ${node.role} ${node.url} is ${node.up ? `up at position ${node.position}` : 'not answering /healthz'}`);
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.loop(node);
    }, this.settings.healthIntervalMs);
    this.timers.add(timer);
  }
}
