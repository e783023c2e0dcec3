// Reference for T4 · The request path: every request goes to the leader the router believes
// in. Writes carry that leader's epoch, stamped here. A write that certainly did not happen is
// sent once more after a fresh look at the nodes; one that may have happened never is.
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, forward, type ForwardOutcome, readBody, relay, sendJson } from '@scaling-lab/forwarding';
import type { RouterConfig } from './config.ts';
import type { Leader, LeaderTracker } from './leader.ts';

export interface HandlerDeps {
  config: RouterConfig;
  tracker: LeaderTracker;
  /** Probes every node now; resolves once each has answered or timed out. */
  refresh: () => Promise<void>;
  agent: http.Agent;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The answers of a node that refused a write without doing it. Held back, so we may try again. */
const REFUSALS = new Set([307, 409, 503]);
const EPOCH = /^\d{1,15}$/;

function epochIn(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  return typeof value === 'string' && EPOCH.test(value) ? Number(value) : undefined;
}

function jsonField(body: Buffer, field: string): unknown {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Did the write certainly not happen? A refused connection never reached the node. A 307 (a
 * follower now), a 503 with `leader: null` (stepped down, leader unknown) and a 409 (wrong
 * epoch) are refusals the node made before touching its data. A reset or a timeout after the
 * request went out, and any other answer (a sync write's 503 included), may have been applied.
 */
function certainlyNotDone(outcome: ForwardOutcome): boolean {
  if (outcome.kind === 'failed') return !outcome.requestSent;
  if (outcome.kind !== 'held') return false;
  return outcome.status !== 503 || jsonField(outcome.body, 'leader') === null;
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { config, tracker, refresh, agent } = deps;

  /** Tells the tracker the epochs in an answer; true when one is newer than any it knew. */
  const learn = (outcome: ForwardOutcome): boolean => {
    if (outcome.kind !== 'answered' && outcome.kind !== 'held') return false;
    const epochs = [epochIn(outcome.headers['x-chirp-epoch'])];
    if (outcome.kind === 'held' && outcome.status === 409) epochs.push(epochIn(jsonField(outcome.body, 'epoch')));
    return epochs.map((epoch) => epoch !== undefined && tracker.learnEpoch(epoch)).includes(true);
  };

  const attempt = async (req: IncomingMessage, res: ServerResponse, body: Buffer, leader: Leader, write: boolean, mayRetry: boolean): Promise<ForwardOutcome> => {
    const outcome = await forward({
      req,
      res,
      body,
      node: leader,
      agent,
      timeoutMs: config.requestTimeoutMs,
      // The router, not the client, says which leadership a write is meant for: a client's
      // value is at best stale and at worst made up.
      requestHeaders: write ? { 'x-chirp-epoch': String(leader.epoch) } : undefined,
      hold: write && mayRetry ? (status) => REFUSALS.has(status) : undefined,
    });
    if (outcome.kind === 'failed') console.warn(`router: ${req.method} ${req.url?.slice(0, 100)} to ${leader.url} failed (${outcome.code})`);
    return outcome;
  };

  const noLeader = (res: ServerResponse) => sendJson(res, 503, { error: 'no leader is known right now (a failover may be under way); try again shortly' });

  return async (req, res) => {
    let body: Buffer;
    try {
      body = await readBody(req, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
      return; // The client went away while sending.
    }

    const leader = tracker.current();
    if (!leader) return noLeader(res); // At once: waiting here would only hang the client.
    const write = WRITES.has(req.method ?? '');
    let outcome = await attempt(req, res, body, leader, write, true);
    const newer = learn(outcome);

    // Reads are safe to repeat whatever happened; writes only when they certainly did not happen.
    const retry = write ? certainlyNotDone(outcome) : outcome.kind === 'failed';
    if (retry) {
      await refresh();
      const next = tracker.current();
      if (!next) return noLeader(res);
      outcome = await attempt(req, res, body, next, write, false);
      if (learn(outcome)) void refresh();
    } else if (outcome.kind === 'failed' || newer) {
      // The leader may be gone, or a newer epoch exists somewhere: look now, not at the next round.
      void refresh();
    }

    if (outcome.kind === 'held') return relay(res, outcome);
    if (outcome.kind !== 'failed' || res.headersSent || res.destroyed) return;
    const unknown = write && outcome.requestSent ? ' The write may or may not have been applied, so it was not sent again.' : '';
    sendJson(res, outcome.code === 'TIMEOUT' ? 504 : 502, { error: `bad gateway: the leader did not answer (${outcome.code}).${unknown}` });
  };
}
