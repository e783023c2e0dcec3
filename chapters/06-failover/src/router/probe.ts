// Provided · the router's own look at a node: GET /healthz, abandoned after PROBE_TIMEOUT_MS.
// It is the same question the monitor asks (T1), asked again here on purpose: the router is a
// separate program that must find the leader by itself, whatever the monitor does or is.
// Lesson: README.md, section "T4 · The entry point follows the leader".

/** What a node says about itself in a good /healthz answer. */
export interface NodeHealth {
  role: 'leader' | 'follower';
  epoch: number;
  position: number;
}

const whole = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * One probe: the node's health, or undefined when it has none to give (refused, reset, paused
 * past the deadline, an answer other than 200, a body that is not the expected JSON object).
 */
export async function probeHealth(url: string, timeoutMs: number): Promise<NodeHealth | undefined> {
  try {
    // The signal covers the body too: a node that sends headers and then stalls fails as well.
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) {
      await res.body?.cancel();
      return undefined;
    }
    const body = (await res.json()) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { role, epoch, position } = body as Record<string, unknown>;
    if ((role !== 'leader' && role !== 'follower') || !whole(epoch) || !whole(position)) return undefined;
    return { role, epoch, position };
  } catch {
    return undefined;
  }
}
