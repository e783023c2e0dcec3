// Provided · The ChirpStore the Chirp app uses on a node. Reads come from the local file. A write
// (leader only: a follower's write guard answers before the app does) goes through your
// replication log (T1), advances the node's position, and waits for the followers that
// synchronous replication asks for (T6) before the app answers it.
import type { Chirp, ChirpStore, ListQuery, NewChirp } from '@scaling-lab/chirp';
import { reportPosition } from './headers.ts';
import type { ReplicationLog } from './log.ts';
import type { PositionWatch } from './positions.ts';
import type { ChirpReader } from './reads.ts';
import type { SyncReplication } from './sync.ts';

export class NodeStore implements ChirpStore {
  constructor(
    private readonly reader: ChirpReader,
    private readonly log: ReplicationLog,
    private readonly positions: PositionWatch,
    private readonly sync: SyncReplication,
  ) {}

  async create(input: NewChirp): Promise<Chirp> {
    const { chirp, seq } = this.log.create(input);
    this.committed(seq);
    await this.sync.waitFor(seq);
    return chirp;
  }

  async delete(id: number): Promise<boolean> {
    const seq = this.log.delete(id);
    if (seq === undefined) return false;
    this.committed(seq);
    await this.sync.waitFor(seq);
    return true;
  }

  async get(id: number): Promise<Chirp | undefined> {
    return this.reader.get(id);
  }

  async list(query: ListQuery): Promise<Chirp[]> {
    return this.reader.list(query);
  }

  /** After the commit: the answer reports `seq`, and long polls waiting for it wake up. */
  private committed(seq: number): void {
    reportPosition(seq);
    this.positions.advance(seq);
  }
}
