// Provided · Reads, on both roles: a node answers from its own SQLite file. On a follower that
// is the replica's copy, as fresh as its position (X-Chirp-Position says which).
import { type Chirp, type ListQuery, timelineQuery } from '@scaling-lab/chirp';
import { type ChirpRow, type Db, toChirp } from './database.ts';

export class ChirpReader {
  private readonly getOne;
  private readonly listMany;

  constructor(db: Db) {
    this.getOne = db.prepare('SELECT * FROM chirps WHERE id = ?');
    this.listMany = timelineQuery<ChirpRow>(db);
  }

  get(id: number): Chirp | undefined {
    const row = this.getOne.get(id) as ChirpRow | undefined;
    return row && toChirp(row);
  }

  list({ author, beforeId, limit }: ListQuery): Chirp[] {
    return this.listMany({ author, beforeId, limit }).map(toChirp);
  }
}
