// T2, T3 · The /api/chirps resource. Lesson: README.md, sections "T2" and "T3".
import { Router } from 'express';
import { notFound } from './http-errors.ts';
import type { ChirpStore } from './store.ts';
import { parseId, parseListQuery, parseNewChirp } from './validation.ts';

export function chirpsRouter(store: ChirpStore): Router {
  const router = Router();
  // TODO(T2): POST / creates a chirp (201 with the chirp), GET /:id reads one (404 when
  // absent), DELETE /:id removes one (204, or 404).
  // TODO(T3): GET / lists chirps newest first: { chirps: [...], nextCursor: string | null }.
  void store;
  void notFound;
  void parseId;
  void parseListQuery;
  void parseNewChirp;
  return router;
}
