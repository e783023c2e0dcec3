// Provided (chapter 05, with epochs) · A follower's calls to its leader: one long poll of the
// log, and the snapshot download. Every call has a deadline (a partitioned leader never
// answers) and every answer is checked before it is trusted. A fetch tells the leader the
// follower's epoch; the answer tells the follower the leader's, and the epoch of the entry just
// before the ones asked for, so the follower can tell whether its log and the leader's agree.
// Lesson: README.md, "T2 · Promotion with a line of succession".
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { withDeadline } from '@scaling-lab/forwarding';
import type { SnapshotPoint } from './snapshot.ts';
import type { LogEntry } from './types.ts';

export type LogAnswer =
  /**
   * Entries from the position asked for (possibly none), the leader's position and epoch, and
   * the epoch of the leader's entry at from - 1 (null: it no longer holds that entry).
   */
  | { kind: 'entries'; entries: LogEntry[]; position: number; epoch: number; prevEpoch: number | null }
  /** 410: the leader truncated the entries this follower needs; bootstrap from a snapshot (T7). */
  | { kind: 'gone'; firstSeq: number };

/** How much longer than the long poll itself a fetch may take before it is abandoned. */
const MARGIN_MS = 2000;

export class LeaderClient {
  constructor(
    readonly leaderUrl: string,
    private readonly nodeId: string,
  ) {}

  /** GET /replication/log?from=..&follower=..&wait=..&epoch=..; throws on a network error, a timeout, a refusal or a bad answer. */
  async fetchLog(from: number, epoch: number, waitMs: number, signal?: AbortSignal): Promise<LogAnswer> {
    const url = `${this.leaderUrl}/replication/log?from=${from}&follower=${encodeURIComponent(this.nodeId)}&wait=${waitMs}&epoch=${epoch}`;
    const { res, body } = await withDeadline(waitMs + MARGIN_MS, signal, async (deadline) => {
      const res = await fetch(url, { signal: deadline });
      return { res, body: (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined };
    });
    if (res.status === 410 && typeof body?.firstSeq === 'number') return { kind: 'gone', firstSeq: body.firstSeq };
    const prevEpoch = body?.prevEpoch;
    if (res.status !== 200 || !body || !Array.isArray(body.entries) || !isWhole(body.position) || !isWhole(body.epoch) || !(prevEpoch === null || isWhole(prevEpoch))) {
      throw new Error(`GET ${url}: expected 200 {entries, position, epoch, prevEpoch}, got ${res.status} ${JSON.stringify(body)?.slice(0, 200)}`);
    }
    for (const entry of body.entries as LogEntry[]) {
      if (!isEntry(entry)) throw new Error(`GET ${url}: a malformed entry ${JSON.stringify(entry).slice(0, 200)}`);
    }
    return { kind: 'entries', entries: body.entries as LogEntry[], position: body.position as number, epoch: body.epoch as number, prevEpoch: prevEpoch as number | null };
  }

  /** GET /replication/snapshot into `file`; resolves with the X-Snapshot-Position and X-Snapshot-Epoch it came with. */
  async downloadSnapshot(file: string, signal?: AbortSignal): Promise<SnapshotPoint> {
    const url = `${this.leaderUrl}/replication/snapshot`;
    return withDeadline(60_000, signal, async (deadline) => {
      const res = await fetch(url, { signal: deadline });
      const position = Number(res.headers.get('x-snapshot-position'));
      const epoch = Number(res.headers.get('x-snapshot-epoch'));
      if (res.status !== 200 || !res.body || !isWhole(position) || !isWhole(epoch)) {
        throw new Error(`GET ${url}: expected 200 with X-Snapshot-Position and X-Snapshot-Epoch, got ${res.status} (position ${res.headers.get('x-snapshot-position')})`);
      }
      await pipeline(Readable.fromWeb(res.body), createWriteStream(file));
      return { position, epoch };
    });
  }
}

const isWhole = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isEntry(entry: unknown): entry is LogEntry {
  const e = entry as Partial<Record<string, unknown>> | null;
  if (!e || !Number.isSafeInteger(e.seq) || !isWhole(e.epoch) || typeof e.at !== 'number') return false;
  if (e.op === 'delete') return Number.isSafeInteger(e.id);
  const chirp = e.chirp as Partial<Record<string, unknown>> | undefined;
  return e.op === 'create' && !!chirp && Number.isSafeInteger(chirp.id) && typeof chirp.author === 'string' && typeof chirp.text === 'string' && typeof chirp.createdAt === 'string';
}
