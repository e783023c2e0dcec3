// Provided · How one of two leaders copies the other's writes (T8): long-poll the peer's
// GET /replication/changes from the last change applied + 1, apply the batch through the store
// (your conflict rule decides each chirp), repeat. The peer may be down or cut off for a long
// time: every call has a deadline, failures back off, and nothing is ever given up.
// Lesson: README.md, "T8 · Two leaders".
import { setTimeout as sleep } from 'node:timers/promises';
import { withDeadline } from '@scaling-lab/forwarding';
import type { Change, TwoLeaderStore } from './two-leaders.ts';

/** How much longer than the long poll itself a fetch may take before it is abandoned. */
const MARGIN_MS = 2000;
const MIN_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 1000;
const NODE = /^[\w.-]{1,64}$/;

export class Peer {
  private readonly stopping = new AbortController();
  /** The peer's own position in its last answer, and when that answer came. */
  private peerLatest = 0;
  private answeredAt = 0;
  /** Why the last fetch failed, until one succeeds: shown in /healthz. */
  private lastError: string | null = null;

  constructor(
    readonly peerUrl: string,
    private readonly store: TwoLeaderStore,
    private readonly options: { fetchWaitMs: number; node: string; idOffset: number },
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopping.abort();
  }

  /** What /healthz shows of the peer: how much of its writes this node has, and when it last heard. */
  health(): Record<string, unknown> {
    const applied = this.store.peerPosition();
    return {
      peer: this.peerUrl,
      peerPosition: applied,
      peerBehind: Math.max(0, this.peerLatest - applied),
      peerAnsweredMsAgo: this.answeredAt === 0 ? null : Date.now() - this.answeredAt,
      peerError: this.lastError,
    };
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const { changes, position } = await this.fetchChanges(this.store.peerPosition() + 1, signal);
        this.store.applyFromPeer(changes);
        this.peerLatest = position;
        this.answeredAt = Date.now();
        if (failures > 0) console.log(`two leaders: reached the peer again at ${this.peerUrl}`);
        failures = 0;
        this.lastError = null;
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        // Log a failure once, and again only when the reason changes: a long partition must not flood the log.
        const message = (error as Error).message;
        if (message !== this.lastError) console.error(`two leaders: cannot fetch the peer's changes from ${this.peerUrl}: ${message}`);
        this.lastError = message;
        const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (failures - 1));
        await sleep(backoff / 2 + Math.random() * (backoff / 2), undefined, { signal }).catch(() => {});
      }
    }
  }

  private async fetchChanges(from: number, signal: AbortSignal): Promise<{ changes: Change[]; position: number }> {
    const url = `${this.peerUrl}/replication/changes?from=${from}&wait=${this.options.fetchWaitMs}`;
    // The deadline covers the body too: a partition may swallow it after the headers came.
    const { status, body } = await withDeadline(this.options.fetchWaitMs + MARGIN_MS, signal, async (deadline) => {
      const res = await fetch(url, { signal: deadline });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined };
    });
    if (status !== 200 || !body || !Array.isArray(body.changes) || !Number.isSafeInteger(body.position)) {
      throw new Error(`GET ${url}: expected 200 {changes, position}, got ${status} ${JSON.stringify(body)?.slice(0, 200)}`);
    }
    // Two leaders with one NODE_ID never break a tie; with one ID_OFFSET they give the same ids
    // to different chirps. Refuse to merge with such a twin rather than lose writes quietly.
    if (body.node === this.options.node) throw new Error(`the peer has this node's own NODE_ID "${this.options.node}": give the two leaders different NODE_IDs`);
    if (body.idOffset === this.options.idOffset) throw new Error(`the peer has this node's ID_OFFSET ${this.options.idOffset}: set ID_OFFSET=1 on one leader and 2 on the other`);
    // The peer is another process: check every change before it touches the database.
    for (const change of body.changes as unknown[]) {
      if (!isChange(change)) throw new Error(`GET ${url}: a malformed change ${JSON.stringify(change).slice(0, 200)}`);
    }
    return { changes: body.changes as Change[], position: body.position as number };
  }
}

function isChange(value: unknown): value is Change {
  const c = value as Partial<Record<string, unknown>> | null;
  const stamp = c?.stamp as Partial<Record<string, unknown>> | undefined;
  if (!c || !Number.isSafeInteger(c.seq) || !Number.isSafeInteger(c.id) || (c.id as number) < 1) return false;
  if (!stamp || !Number.isSafeInteger(stamp.wall) || !Number.isSafeInteger(stamp.count) || typeof stamp.node !== 'string' || !NODE.test(stamp.node)) return false;
  if (c.chirp === null) return true;
  const chirp = c.chirp as Partial<Record<string, unknown>> | undefined;
  return !!chirp && chirp.id === c.id && typeof chirp.author === 'string' && typeof chirp.text === 'string' && typeof chirp.createdAt === 'string';
}
