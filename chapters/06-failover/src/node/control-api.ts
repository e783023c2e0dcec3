// Provided · The control API a monitor (or you, with curl) uses to change a node's role:
//
//   POST /replication/promote  {"epoch": n}                  become the leader of epoch n
//   POST /replication/follow   {"leader": "<origin>", "epoch": n}   follow that leader in epoch n
//
// A malformed body is answered 400; a refusal of the fence (T3) 409 {error, epoch}; success 200
// {role, epoch, position, leader?}. Lesson: README.md, "T2 · Promotion with a line of succession".
import express, { type Express, type Request, type Response } from 'express';
import { type Fence, StaleEpoch } from './fencing.ts';
import type { NodeState } from './node-state.ts';
import type { PositionWatch } from './positions.ts';

class BadBody extends Error {}

function body(req: Request): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw new BadBody('the body must be one JSON object (Content-Type: application/json)');
  return req.body as Record<string, unknown>;
}

function epochOf(fields: Record<string, unknown>): number {
  const epoch = fields.epoch;
  if (!Number.isSafeInteger(epoch) || (epoch as number) < 1) throw new BadBody(`epoch must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got ${JSON.stringify(epoch)?.slice(0, 40)}`);
  return epoch as number;
}

function leaderOf(fields: Record<string, unknown>): string {
  const raw = fields.leader;
  let url: URL | undefined;
  try {
    url = typeof raw === 'string' && raw.length <= 200 ? new URL(raw) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new BadBody(`leader must be an origin such as "http://127.0.0.1:4001", got ${JSON.stringify(raw)?.slice(0, 80)}`);
  }
  return url.origin;
}

export function mountControlApi(app: Express, options: { node: NodeState; fence: Fence; positions: PositionWatch }): void {
  const { node, fence, positions } = options;
  const json = express.json({ limit: '1kb' });

  const answer = (res: Response, change: () => void) => {
    try {
      change();
    } catch (error) {
      if (error instanceof BadBody) return void res.status(400).json({ error: error.message });
      if (error instanceof StaleEpoch) return void res.status(409).json({ error: error.message, epoch: error.epoch });
      throw error;
    }
    res.json({ role: node.role, epoch: node.epoch, position: positions.current, ...(node.isLeader ? {} : { leader: node.leader }) });
  };

  app.post('/replication/promote', json, (req, res) =>
    answer(res, () => {
      const epoch = epochOf(body(req));
      fence.checkPromote(epoch);
      node.promote(epoch);
    }),
  );

  app.post('/replication/follow', json, (req, res) =>
    answer(res, () => {
      const fields = body(req);
      const epoch = epochOf(fields);
      const leader = leaderOf(fields);
      fence.checkFollow(epoch);
      node.follow(leader, epoch);
    }),
  );
}
