// T4 · The router's eyes: every HEALTH_INTERVAL_MS, ask each node for GET /healthz and record
// whether it answered and at which position. The routing decisions read only what this file
// records in each NodeState (`up`, `position`, `seenAt`).
// Lesson: README.md, section "T4 · A read/write router".
import type { RouterConfig } from './config.ts';
import type { NodeState } from './nodes.ts';

/**
 * Applies one /healthz answer to a node: `body` is the parsed JSON of a 2xx answer, or
 * undefined when there was none (refused, timed out, not JSON).
 */
export function applyHealth(node: NodeState, body: unknown, now = Date.now()): void {
  // TODO(T4): the node is up only when `body` is an object whose `role` is the node's own
  // configured role and whose `position` is a whole number >= 0; then record the position and
  // `now` as seenAt. Anything else (no answer, garbage, a follower calling itself leader) means
  // not up; keep the last position.
  void node;
  void body;
  void now;
  throw new Error('TODO(T4): applyHealth');
}

export class HealthChecker {
  constructor(
    private readonly nodes: readonly NodeState[],
    private readonly settings: Pick<RouterConfig, 'healthIntervalMs' | 'healthTimeoutMs'>,
  ) {}

  /** Checks every node now, then keeps checking every `healthIntervalMs`. */
  start(): void {
    // TODO(T4): for each node, GET <node.url>/healthz with a `healthTimeoutMs` timeout (a
    // paused node accepts the connection and never answers), applyHealth() the result, and
    // check again after `healthIntervalMs`. Give each node its own loop, so a slow one delays
    // nobody else.
    void this.nodes;
    void this.settings;
  }

  /** Stops every loop (the router is shutting down). */
  stop(): void {
    // TODO(T4): clear the timers start() set.
  }
}
