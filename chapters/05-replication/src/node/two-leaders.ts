// Provided · The store of a node running as one of two leaders (ROLE=leader with PEER_URL, T8).
// Both leaders accept every write. Each write gets a stamp from your hybrid clock (hlc.ts) and
// is written, in one transaction, with its version (the stamp of the chirp's current state, a
// tombstone for a delete) and a change entry the peer will fetch. A change fetched from the
// peer replaces the local state only when your rule (lww.ts) says its stamp wins.
//
// Only the node's own writes go into its `changes` table: the peer applies them and never
// sends them back, so two leaders need no loop detection. Ids cannot collide: one leader takes
// the odd ids, the other the even ones (ID_OFFSET), as MySQL's auto_increment_offset does.
// Lesson: README.md, "T8 · Two leaders".
import type { Chirp, ChirpStore, ListQuery, NewChirp } from '@scaling-lab/chirp';
import { type Db, readPosition, writePosition } from './database.ts';
import { reportPosition } from './headers.ts';
import type { HybridClock, Stamp } from './hlc.ts';
import { incomingWins, type Version } from './lww.ts';
import type { PositionWatch } from './positions.ts';
import type { ChirpReader } from './reads.ts';

/** One write of a leader, as GET /replication/changes sends it: the chirp's new state (null: deleted). */
export interface Change {
  seq: number;
  id: number;
  chirp: Chirp | null;
  stamp: Stamp;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS versions (
    chirp_id INTEGER PRIMARY KEY,
    wall INTEGER NOT NULL, count INTEGER NOT NULL, node TEXT NOT NULL,
    deleted INTEGER NOT NULL           -- 1: a tombstone
  );
  CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY,           -- this node's own writes: 1, 2, 3...
    chirp_id INTEGER NOT NULL,
    chirp TEXT,                        -- the chirp's new state as JSON; NULL for a delete
    wall INTEGER NOT NULL, count INTEGER NOT NULL, node TEXT NOT NULL
  );
`;

interface VersionRow {
  wall: number;
  count: number;
  node: string;
  deleted: number;
}

interface ChangeRow {
  seq: number;
  chirp_id: number;
  chirp: string | null;
  wall: number;
  count: number;
  node: string;
}

export interface TwoLeaderOptions {
  clock: HybridClock;
  /** 1 or 2: this leader's ids are the whole numbers n with n % 2 === idOffset % 2. */
  idOffset: number;
  /** The wall clock the node runs on (skewed or stopped in experiments): chirps' createdAt. */
  wallClock: () => number;
}

export class TwoLeaderStore implements ChirpStore {
  private readonly sql;
  /** Local writes; each returns the change's seq, or undefined when there was nothing to change. */
  private readonly writeLocal: (id: number, next: (current: Chirp | undefined) => Chirp | null | undefined) => { seq: number; chirp: Chirp | null } | undefined;
  /** Applies the peer's changes after `peer_position`; returns the new peer position. */
  readonly applyFromPeer: (changes: readonly Change[]) => number;

  constructor(
    private readonly db: Db,
    private readonly reader: ChirpReader,
    private readonly positions: PositionWatch,
    private readonly options: TwoLeaderOptions,
  ) {
    db.exec(SCHEMA);
    this.sql = {
      version: db.prepare('SELECT wall, count, node, deleted FROM versions WHERE chirp_id = ?'),
      setVersion: db.prepare('INSERT INTO versions (chirp_id, wall, count, node, deleted) VALUES (?, ?, ?, ?, ?) ON CONFLICT (chirp_id) DO UPDATE SET wall = excluded.wall, count = excluded.count, node = excluded.node, deleted = excluded.deleted'),
      latestStamp: db.prepare('SELECT wall, count, node FROM versions ORDER BY wall DESC, count DESC, node DESC LIMIT 1'),
      maxId: db.prepare('SELECT MAX(id) AS id FROM (SELECT MAX(id) AS id FROM chirps UNION ALL SELECT MAX(chirp_id) FROM versions)'),
      put: db.prepare('INSERT INTO chirps (id, author, text, created_at) VALUES (@id, @author, @text, @createdAt) ON CONFLICT (id) DO UPDATE SET author = excluded.author, text = excluded.text, created_at = excluded.created_at'),
      remove: db.prepare('DELETE FROM chirps WHERE id = ?'),
      append: db.prepare('INSERT INTO changes (seq, chirp_id, chirp, wall, count, node) VALUES (?, ?, ?, ?, ?, ?)'),
      read: db.prepare('SELECT * FROM changes WHERE seq >= ? ORDER BY seq LIMIT ?'),
      peerPosition: db.prepare("SELECT value FROM meta WHERE key = 'peer_position'"),
      setPeerPosition: db.prepare("INSERT INTO meta (key, value) VALUES ('peer_position', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    };
    // After a restart the clock must not issue a stamp below one it issued or saw before.
    const latest = this.sql.latestStamp.get() as Stamp | undefined;
    if (latest) options.clock.observe({ wall: latest.wall, count: latest.count, node: latest.node });

    this.writeLocal = db.transaction((id: number, next: (current: Chirp | undefined) => Chirp | null | undefined) => {
      const current = this.reader.get(id);
      const chirp = next(current);
      if (chirp === undefined) return undefined;
      const stamp = options.clock.now();
      this.setState(id, chirp, stamp);
      const seq = readPosition(db) + 1;
      this.sql.append.run(seq, id, chirp ? JSON.stringify(chirp) : null, stamp.wall, stamp.count, stamp.node);
      writePosition(db, seq);
      return { seq, chirp };
    });

    this.applyFromPeer = db.transaction((changes: readonly Change[]) => {
      let position = this.peerPosition();
      for (const change of changes) {
        // The same discipline as a follower's (T2): once, in order, position in the same transaction.
        if (change.seq <= position) continue;
        if (change.seq !== position + 1) break;
        options.clock.observe(change.stamp);
        if (incomingWins(this.version(change.id), change.stamp)) this.setState(change.id, change.chirp, change.stamp);
        position = change.seq;
      }
      this.sql.setPeerPosition.run(position);
      return position;
    });
  }

  async create({ author, text }: NewChirp): Promise<Chirp> {
    const id = this.nextId();
    const createdAt = new Date(this.options.wallClock()).toISOString();
    const done = this.writeLocal(id, () => ({ id, author, text, createdAt }))!;
    this.committed(done.seq);
    return done.chirp!;
  }

  /** PUT /api/chirps/:id: a new text for a chirp this node holds; undefined when it holds none. */
  async edit(id: number, text: string): Promise<Chirp | undefined> {
    const done = this.writeLocal(id, (current) => current && { ...current, text });
    if (!done) return undefined;
    this.committed(done.seq);
    return done.chirp!;
  }

  async delete(id: number): Promise<boolean> {
    const done = this.writeLocal(id, (current) => (current ? null : undefined));
    if (!done) return false;
    this.committed(done.seq);
    return true;
  }

  async get(id: number): Promise<Chirp | undefined> {
    return this.reader.get(id);
  }

  async list(query: ListQuery): Promise<Chirp[]> {
    return this.reader.list(query);
  }

  /** This node's own changes from `from`, oldest first, at most `limit`. */
  changesSince(from: number, limit: number): Change[] {
    return (this.sql.read.all(from, limit) as ChangeRow[]).map((row) => ({
      seq: row.seq,
      id: row.chirp_id,
      chirp: row.chirp === null ? null : (JSON.parse(row.chirp) as Chirp),
      stamp: { wall: row.wall, count: row.count, node: row.node },
    }));
  }

  /** The last of the peer's changes this node applied (durable, like a follower's position). */
  peerPosition(): number {
    return (this.sql.peerPosition.get() as { value: number } | undefined)?.value ?? 0;
  }

  /** The version this node holds for chirp `id`: its current state's stamp, or a tombstone's. */
  version(id: number): Version | undefined {
    const row = this.sql.version.get(id) as VersionRow | undefined;
    return row && { stamp: { wall: row.wall, count: row.count, node: row.node }, deleted: row.deleted === 1 };
  }

  /** The next free id of this leader's parity, above every id either leader has used. */
  private nextId(): number {
    const max = (this.sql.maxId.get() as { id: number | null }).id ?? 0;
    let id = max + 1;
    if (id % 2 !== this.options.idOffset % 2) id++;
    return id;
  }

  private setState(id: number, chirp: Chirp | null, stamp: Stamp): void {
    if (chirp) this.sql.put.run(chirp);
    else this.sql.remove.run(id);
    this.sql.setVersion.run(id, stamp.wall, stamp.count, stamp.node, chirp ? 0 : 1);
  }

  private committed(seq: number): void {
    reportPosition(seq);
    this.positions.advance(seq);
  }
}
