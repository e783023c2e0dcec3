// Provided (chapter 05, with epochs) · The replication API every node serves:
//
//   GET /replication/log?from=<seq>&follower=<id>&wait=<ms>&epoch=<n>
//        {entries, position, epoch, prevEpoch}: entries from `from`, this node's epoch, and
//        the epoch of its entry at from - 1; 410 when it cannot vouch for that entry
//        (truncated, or the follower is past its end); 409 when the fence refuses (T3)
//   GET /replication/snapshot       the database at one position (X-Snapshot-Position, -Epoch)
//   GET /replication/checksum       {position, rows, sha256}
//
// Parameters are checked strictly (one value each, whole numbers in range) and answered 400
// otherwise. Lesson: README.md, "T2 · Promotion with a line of succession".
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Express, Request, Response } from 'express';
import { type ChirpRow, type Db, readPosition } from './database.ts';
import { type Fence, StaleEpoch } from './fencing.ts';
import type { FollowerTable } from './followers.ts';
import type { ReplicationLog } from './log.ts';
import type { NodeState } from './node-state.ts';
import type { PositionWatch } from './positions.ts';
import { writeSnapshot } from './snapshot.ts';
import { MAX_BATCH } from './types.ts';

export const MAX_WAIT_MS = 60_000;

export interface ReplicationApiOptions {
  db: Db;
  log: ReplicationLog;
  positions: PositionWatch;
  followers: FollowerTable;
  node: NodeState;
  fence: Fence;
  /** Where snapshots are written before they are sent (inside DATA_DIR). */
  scratchDir: string;
}

class BadParameter extends Error {}

/** One value of a query parameter, or undefined; repeated parameters are refused. */
function single(req: Request, name: string): string | undefined {
  const values = new URL(req.originalUrl, 'http://node').searchParams.getAll(name);
  if (values.length > 1) throw new BadParameter(`${name} must be given once, got ${values.length} values`);
  return values[0];
}

function whole(req: Request, name: string, min: number, max: number, fallback?: number): number {
  const raw = single(req, name);
  if (raw === undefined && fallback !== undefined) return fallback;
  if (raw === undefined || !/^\d{1,16}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new BadParameter(`${name} must be a whole number from ${min} to ${max}, got ${raw === undefined ? 'nothing' : JSON.stringify(raw.slice(0, 40))}`);
  }
  return Number(raw);
}

export function mountReplicationApi(app: Express, options: ReplicationApiOptions): void {
  const { log, positions, followers, node, fence } = options;

  app.get('/replication/log', async (req: Request, res: Response) => {
    let from: number, wait: number, epoch: number | undefined, follower: string | undefined;
    try {
      from = whole(req, 'from', 1, Number.MAX_SAFE_INTEGER);
      wait = whole(req, 'wait', 0, MAX_WAIT_MS, 0);
      epoch = single(req, 'epoch') === undefined ? undefined : whole(req, 'epoch', 0, Number.MAX_SAFE_INTEGER);
      follower = single(req, 'follower');
      if (follower !== undefined && !/^[\w.-]{1,64}$/.test(follower)) throw new BadParameter('follower must be 1-64 letters, digits, "_", "." or "-"');
    } catch (error) {
      if (error instanceof BadParameter) return void res.status(400).json({ error: error.message });
      throw error;
    }
    if (epoch !== undefined) {
      try {
        fence.checkFetch(epoch);
      } catch (error) {
        if (error instanceof StaleEpoch) return void res.status(409).json({ error: error.message, epoch: error.epoch });
        throw error;
      }
    }
    // Asking from `from` says: I have applied everything before it (synchronous replication counts this).
    if (follower !== undefined) followers.acknowledge(follower, from - 1);
    // The follower's log must agree with ours up to from - 1; if we cannot tell, it starts over.
    const prevEpoch = log.epochAt(from - 1);
    if (prevEpoch === null) {
      const firstSeq = log.firstSeq();
      return void res.status(410).json({ error: `this node cannot vouch for entry ${from - 1} (it keeps ${firstSeq} to ${positions.current}); bootstrap from GET /replication/snapshot`, firstSeq });
    }
    let entries = log.read(from, MAX_BATCH);
    // Long poll: nothing new yet, so wait for the next commit instead of making the follower ask again and again.
    if (entries.length === 0 && wait > 0 && (await positions.waitFor(from, wait))) entries = log.read(from, MAX_BATCH);
    res.json({ entries, position: positions.current, epoch: node.epoch, prevEpoch });
  });

  app.get('/replication/snapshot', async (_req: Request, res: Response) => {
    mkdirSync(options.scratchDir, { recursive: true });
    const file = path.join(options.scratchDir, `snapshot-${randomUUID()}.db`);
    const cleanUp = () => rmSync(file, { force: true });
    try {
      const point = await writeSnapshot(options.db, file);
      res.setHeader('Content-Type', 'application/vnd.sqlite3');
      res.setHeader('X-Snapshot-Position', String(point.position));
      res.setHeader('X-Snapshot-Epoch', String(point.epoch));
      const stream = createReadStream(file);
      stream.on('error', () => res.destroy());
      res.on('close', cleanUp);
      stream.pipe(res);
    } catch (error) {
      cleanUp();
      throw error;
    }
  });

  app.get('/replication/checksum', (_req: Request, res: Response) => {
    // One synchronous read: no write can land between the rows and the position.
    const db = options.db;
    const hash = createHash('sha256');
    let rows = 0;
    const read = db.transaction(() => {
      for (const row of db.prepare('SELECT id, author, text, created_at FROM chirps ORDER BY id').iterate() as IterableIterator<ChirpRow>) {
        hash.update(`${JSON.stringify([row.id, row.author, row.text, row.created_at])}\n`);
        rows++;
      }
      return readPosition(db);
    });
    const position = read();
    res.json({ position, rows, sha256: hash.digest('hex') });
  });
}
