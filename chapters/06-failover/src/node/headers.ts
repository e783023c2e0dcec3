// Provided (chapter 05, with epochs) · What every answer of a node carries, and reads that ask
// for a minimum position.
//
// - X-Chirp-Node: which node answered; X-Chirp-Position: its position after the request (for a
//   write on the leader, the write's own sequence number, recorded by the store); X-Chirp-Epoch:
//   its epoch (for a write, the epoch the write was committed in). A client keeps the highest
//   position it has seen: its session token.
// - A read with X-Chirp-Min-Position: n waits up to READ_WAIT_MS for this node to reach n, else
//   answers 503 {error, position}. That is how a client reads its own writes from a follower.
// Lesson: README.md, "T2 · Followers that apply the log".
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { NodeState } from './node-state.ts';
import type { PositionWatch } from './positions.ts';

interface RequestState {
  /** Set by a write: the sequence number and epoch the answer must report. */
  position?: number;
  epoch?: number;
}

const requests = new AsyncLocalStorage<RequestState>();

/** Called by the store inside a request: this answer reports `seq` as its position, committed in `epoch`. */
export function reportPosition(seq: number, epoch: number): void {
  const state = requests.getStore();
  if (state) {
    state.position = seq;
    state.epoch = epoch;
  }
}

/** Adds X-Chirp-Node, X-Chirp-Position and X-Chirp-Epoch to every answer, however it is sent. */
export function positionHeaders(nodeId: string, positions: PositionWatch, node: NodeState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const state: RequestState = {};
    const writeHead = res.writeHead;
    // writeHead runs once, just before the headers leave: the position is the latest one.
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (!res.headersSent) {
        res.setHeader('X-Chirp-Node', nodeId);
        res.setHeader('X-Chirp-Position', String(state.position ?? positions.current));
        res.setHeader('X-Chirp-Epoch', String(state.epoch ?? node.epoch));
      }
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];
    requests.run(state, () => next());
  };
}

const WHOLE = /^\d{1,15}$/;

/** Reads carrying X-Chirp-Min-Position wait for this node to reach it (writes ignore it). */
export function minimumPosition(positions: PositionWatch, readWaitMs: number): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const raw = req.headers['x-chirp-min-position'];
    if (raw === undefined) return next();
    if (typeof raw !== 'string' || !WHOLE.test(raw.trim())) {
      return void res.status(400).json({ error: 'X-Chirp-Min-Position must be one whole number (a position this client has seen)' });
    }
    const wanted = Number(raw.trim());
    if (await positions.waitFor(wanted, readWaitMs)) return next();
    res.status(503).json({ error: `this node is at position ${positions.current}, below ${wanted}, after waiting ${readWaitMs} ms`, position: positions.current });
  };
}
