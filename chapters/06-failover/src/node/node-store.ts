// Provided (chapter 05, with epochs) · The ChirpStore the Chirp app uses on a node. Reads come
// from the local file. A write goes through the replication log in the node's current epoch,
// advances the position, and waits for the followers that synchronous replication asks for.
// It commits only if the node is still the leader at that instant: the fence checked the
// request's epoch earlier, but the node may have stepped down while the body was being read.
import { type Chirp, type ChirpStore, HttpError, type ListQuery, type NewChirp } from '@scaling-lab/chirp';
import { reportPosition } from './headers.ts';
import type { ReplicationLog } from './log.ts';
import type { NodeState } from './node-state.ts';
import type { PositionWatch } from './positions.ts';
import type { ChirpReader } from './reads.ts';
import type { SyncReplication } from './sync.ts';

export class NodeStore implements ChirpStore {
  constructor(
    private readonly reader: ChirpReader,
    private readonly log: ReplicationLog,
    private readonly positions: PositionWatch,
    private readonly sync: SyncReplication,
    private readonly node: NodeState,
  ) {}

  async create(input: NewChirp): Promise<Chirp> {
    const epoch = this.leaderEpoch();
    const { chirp, seq } = this.log.create(input, epoch);
    this.committed(seq, epoch);
    await this.sync.waitFor(seq);
    return chirp;
  }

  async delete(id: number): Promise<boolean> {
    const epoch = this.leaderEpoch();
    const seq = this.log.delete(id, epoch);
    if (seq === undefined) return false;
    this.committed(seq, epoch);
    await this.sync.waitFor(seq);
    return true;
  }

  async get(id: number): Promise<Chirp | undefined> {
    return this.reader.get(id);
  }

  async list(query: ListQuery): Promise<Chirp[]> {
    return this.reader.list(query);
  }

  /** The epoch a write commits in; a node that is no longer the leader commits nothing. */
  private leaderEpoch(): number {
    if (!this.node.isLeader) throw new HttpError(503, `this node stepped down (epoch ${this.node.epoch}) while the write was on its way; nothing was written`);
    return this.node.epoch;
  }

  /** After the commit: the answer reports `seq`, and long polls waiting for it wake up. */
  private committed(seq: number, epoch: number): void {
    reportPosition(seq, epoch);
    this.positions.advance(seq);
  }
}
