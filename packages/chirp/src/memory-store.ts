// Chirps in memory: for a backend whose data does not matter (chapter 02's proxy exercises).
import type { Chirp, ChirpStore, ListQuery, NewChirp } from './types.ts';

export class MemoryChirpStore implements ChirpStore {
  private readonly chirps = new Map<number, Chirp>();
  private nextId = 1;

  async create(input: NewChirp): Promise<Chirp> {
    const chirp: Chirp = { id: this.nextId++, ...input, createdAt: new Date().toISOString() };
    this.chirps.set(chirp.id, chirp);
    return chirp;
  }

  async get(id: number): Promise<Chirp | undefined> {
    return this.chirps.get(id);
  }

  async list({ author, beforeId, limit }: ListQuery): Promise<Chirp[]> {
    // A Map keeps insertion order and ids grow, so reversing gives newest first.
    const page: Chirp[] = [];
    for (const chirp of [...this.chirps.values()].reverse()) {
      if (page.length === limit) break;
      if ((beforeId === undefined || chirp.id < beforeId) && (author === undefined || chirp.author === author)) page.push(chirp);
    }
    return page;
  }

  async delete(id: number): Promise<boolean> {
    return this.chirps.delete(id);
  }
}
