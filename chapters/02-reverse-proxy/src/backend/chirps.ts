// Provided · The Chirp API of chapter 01, kept in memory: a working backend to put behind your
// proxy. Enough of it to try everything by hand; the grader uses its own fake backend.
import { type Request, Router } from 'express';

export interface Chirp {
  id: number;
  author: string;
  text: string;
  createdAt: string;
}

const AUTHOR = /^[a-z0-9_]{1,32}$/;

class BadRequest extends Error {
  readonly status = 400;
}

function parseNewChirp(body: unknown): Pick<Chirp, 'author' | 'text'> {
  const input = body as Record<string, unknown> | null;
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new BadRequest('the body must be a JSON object');
  const extra = Object.keys(input).filter((key) => key !== 'author' && key !== 'text');
  if (extra.length > 0) throw new BadRequest(`unknown field "${extra[0]}"`);
  if (typeof input.author !== 'string' || !AUTHOR.test(input.author)) throw new BadRequest('"author" must be 1-32 of a-z, 0-9 and _');
  const length = typeof input.text === 'string' ? [...input.text].length : 0;
  if (length < 1 || length > 280) throw new BadRequest('"text" must be 1-280 characters');
  return { author: input.author, text: input.text as string };
}

function positiveInt(raw: unknown, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new BadRequest(`"${name}" must be a whole number from 1 to ${max}`);
  return Number(raw);
}

export function chirpsRouter(): Router {
  const chirps = new Map<number, Chirp>();
  let nextId = 1;
  const router = Router();
  const idOf = (req: Request) => (/^\d+$/.test(String(req.params.id)) ? Number(req.params.id) : 0);

  router.post('/', (req, res) => {
    const chirp: Chirp = { id: nextId++, ...parseNewChirp(req.body), createdAt: new Date().toISOString() };
    chirps.set(chirp.id, chirp);
    res.status(201).location(`/api/chirps/${chirp.id}`).json(chirp);
  });

  router.get('/', (req, res) => {
    const limit = positiveInt(req.query.limit, 'limit', 20, 100);
    const before = positiveInt(req.query.before, 'before', Number.MAX_SAFE_INTEGER);
    const author = typeof req.query.author === 'string' ? req.query.author : undefined;
    // Ids grow with time, so "newest first" is "highest id first"; Map keeps insertion order.
    const matching = [...chirps.values()].reverse().filter((c) => c.id < before && (!author || c.author === author));
    const page = matching.slice(0, limit);
    res.json({ chirps: page, nextCursor: matching.length > limit ? String(page.at(-1)!.id) : null });
  });

  router.get('/:id', (req, res) => {
    const chirp = chirps.get(idOf(req));
    if (!chirp) return void res.status(404).json({ error: `no chirp with id ${req.params.id}` });
    res.json(chirp);
  });

  router.delete('/:id', (req, res) => {
    if (!chirps.delete(idOf(req))) return void res.status(404).json({ error: `no chirp with id ${req.params.id}` });
    res.status(204).end();
  });

  return router;
}
