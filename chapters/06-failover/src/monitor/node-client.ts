// Provided · the monitor's two commands to a node, over its control API:
//
//   POST <node>/replication/promote  {"epoch": n}                 become the leader of epoch n
//   POST <node>/replication/follow   {"leader": "<origin>", "epoch": n}   follow that leader in epoch n
//
// Each call has a deadline and never throws: it says whether the node did it (ok), said no
// (refused: a 4xx such as the fence's 409, which carries the node's own epoch), or could not be
// asked (failed: refused connection, timeout, 5xx, an answer that is not the node's JSON).
// Lesson: README.md, section "T2 · Promotion with a line of succession".

export type ControlResult =
  | { outcome: 'ok' }
  | { outcome: 'refused'; status: number; error: string; /** The node's epoch, if it said. */ epoch: number | null }
  | { outcome: 'failed'; error: string };

/** What the failover logic (T2) needs from the nodes; tests may pass a fake. */
export interface NodeControl {
  promote(url: string, epoch: number): Promise<ControlResult>;
  follow(url: string, leader: string, epoch: number): Promise<ControlResult>;
}

/** One line saying what a ControlResult was, for log lines. */
export function describeResult(result: ControlResult): string {
  if (result.outcome === 'ok') return 'ok';
  if (result.outcome === 'refused') return `refused (${result.status}${result.epoch === null ? '' : `, its epoch is ${result.epoch}`}: ${result.error})`;
  return `failed (${result.error})`;
}

export class HttpNodeControl implements NodeControl {
  /** `timeoutMs`: how long a node has to answer a command before it counts as failed. */
  constructor(private readonly timeoutMs: number) {}

  promote(url: string, epoch: number): Promise<ControlResult> {
    return this.send(`${url}/replication/promote`, { epoch });
  }

  follow(url: string, leader: string, epoch: number): Promise<ControlResult> {
    return this.send(`${url}/replication/follow`, { leader, epoch });
  }

  private async send(target: string, body: unknown): Promise<ControlResult> {
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let answer: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) answer = parsed as Record<string, unknown>;
      } catch {
        // Not JSON: judged by the status alone below.
      }
      if (res.status === 200 && (answer.role === 'leader' || answer.role === 'follower')) return { outcome: 'ok' };
      if (res.status >= 400 && res.status < 500) {
        const epoch = Number.isSafeInteger(answer.epoch) ? (answer.epoch as number) : null;
        const error = typeof answer.error === 'string' ? answer.error : `HTTP ${res.status}`;
        return { outcome: 'refused', status: res.status, error: error.slice(0, 200), epoch };
      }
      return { outcome: 'failed', error: `HTTP ${res.status} ${text.slice(0, 100)}` };
    } catch (error) {
      return { outcome: 'failed', error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
    }
  }
}
