// Provided · What a node adds to the Chirp API as one of two leaders (T8):
//
//   GET /replication/changes?from=<seq>&wait=<ms>   this node's own writes from `from` (long poll),
//                                                    with its NODE_ID and ID_OFFSET
//   PUT /api/chirps/:id  {"text": "..."}            a new text for a chirp: the write two leaders
//                                                    can disagree about
//
// Parameters and bodies are checked strictly; anything else is a 400 that names the field.
// Lesson: README.md, "T8 · Two leaders".
import express, { type Express, type Request, type Response } from 'express';
import { badRequest, BODY_LIMIT, notFound, parseId } from '@scaling-lab/chirp';
import type { PositionWatch } from './positions.ts';
import { MAX_WAIT_MS } from './replication-api.ts';
import type { TwoLeaderStore } from './two-leaders.ts';
import { MAX_BATCH } from './types.ts';

const MAX_TEXT = 280;

/** One whole-number query parameter, given at most once. */
function whole(req: Request, name: string, min: number, max: number, fallback?: number): number {
  const values = new URL(req.originalUrl, 'http://node').searchParams.getAll(name);
  if (values.length > 1) throw badRequest(`${name} must be given once, got ${values.length} values`);
  const raw = values[0];
  if (raw === undefined && fallback !== undefined) return fallback;
  if (raw === undefined || !/^\d{1,16}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw badRequest(`${name} must be a whole number from ${min} to ${max}, got ${raw === undefined ? 'nothing' : JSON.stringify(raw.slice(0, 40))}`);
  }
  return Number(raw);
}

/** The body of an edit: exactly {"text": "..."} with 1-280 characters (code points, as for a new chirp). */
export function parseEdit(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body must be a JSON object like {"text": "..."}');
  const unknown = Object.keys(body).filter((key) => key !== 'text');
  if (unknown.length > 0) throw badRequest(`unknown field(s): ${unknown.join(', ')} (only the text of a chirp can be edited)`);
  const { text } = body as { text?: unknown };
  if (typeof text !== 'string' || [...text].length < 1 || [...text].length > MAX_TEXT) throw badRequest(`text must be a string of 1-${MAX_TEXT} characters`);
  return text;
}

/** Who answers GET /replication/changes: the peer checks that the pair is not two twins. */
export interface PeerIdentity {
  node: string;
  idOffset: number;
}

export function mountPeerApi(app: Express, store: TwoLeaderStore, positions: PositionWatch, identity: PeerIdentity): void {
  app.get('/replication/changes', async (req: Request, res: Response) => {
    const from = whole(req, 'from', 1, Number.MAX_SAFE_INTEGER);
    const wait = whole(req, 'wait', 0, MAX_WAIT_MS, 0);
    let changes = store.changesSince(from, MAX_BATCH);
    if (changes.length === 0 && wait > 0 && (await positions.waitFor(from, wait))) changes = store.changesSince(from, MAX_BATCH);
    res.json({ ...identity, changes, position: positions.current });
  });

  app.put('/api/chirps/:id', express.json({ limit: BODY_LIMIT }), async (req: Request, res: Response) => {
    const id = parseId(String(req.params.id));
    const text = parseEdit(req.body);
    const chirp = id === undefined ? undefined : await store.edit(id, text);
    if (!chirp) throw notFound(`no chirp with id ${req.params.id}`);
    res.json(chirp);
  });
}
