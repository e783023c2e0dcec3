// Reference for T2 and T3: the /api/chirps resource.
import { Router } from 'express';
import { notFound } from './http-errors.ts';
import type { ChirpStore } from './store.ts';
import { parseId, parseListQuery, parseNewChirp } from './validation.ts';

export function chirpsRouter(store: ChirpStore): Router {
  const router = Router();

  router.post('/', (req, res) => {
    const chirp = store.create(parseNewChirp(req.body));
    res.status(201).location(`/api/chirps/${chirp.id}`).json(chirp);
  });

  router.get('/', (req, res) => {
    const query = parseListQuery(req.query);
    // Ask for one extra row: if it exists there is a next page, and we need no COUNT(*).
    const rows = store.list({ ...query, limit: query.limit + 1 });
    const chirps = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? String(chirps.at(-1)!.id) : null;
    res.json({ chirps, nextCursor });
  });

  router.get('/:id', (req, res) => {
    const id = parseId(req.params.id);
    const chirp = id === undefined ? undefined : store.get(id);
    if (!chirp) throw notFound(`no chirp with id ${req.params.id}`);
    res.json(chirp);
  });

  router.delete('/:id', (req, res) => {
    const id = parseId(req.params.id);
    if (id === undefined || !store.delete(id)) throw notFound(`no chirp with id ${req.params.id}`);
    res.status(204).end();
  });

  return router;
}
