// Provided · the keeper program: it runs beside one balancer (BALANCER) and, with the other
// keeper (PEER), keeps the public address that the network (NETWORK) owns on a live balancer.
// It calls your Keeper's tick() every ADVERT_INTERVAL_MS, answers the other keeper's adverts at
// POST /keeper/advert and serves GET /keeper/state. You write keeper.ts (T7, T8). Start it with
// `npm run keeper`.
// Lesson: README.md, sections "T7 · A floating address" and "T8 · Active-active".
import http from 'node:http';
import { loadOrExit } from '@scaling-lab/chirp';
import { BodyTooLargeError, readBody, sendJson as sendJsonWith } from '@scaling-lab/forwarding';
import { loadConfig } from './config.ts';
import { Keeper } from './keeper.ts';
import { HttpKeeperLinks, parseAdvert } from './peer-client.ts';

/** An advert is a few dozen bytes; anything much larger is not one. */
const MAX_ADVERT_BYTES = 4096;

const config = loadOrExit('keeper', () => loadConfig());
// An advert answered after the next one is due is as good as lost.
const links = new HttpKeeperLinks(config.peer, config.network, config.balancer, config.advertIntervalMs, Math.max(500, 2 * config.advertIntervalMs));
const keeper = new Keeper({ keeperId: config.keeperId, advertIntervalMs: config.advertIntervalMs, preemptDelayMs: config.preemptDelayMs }, links);

const sendJson = (res: http.ServerResponse, status: number, value: unknown): void => sendJsonWith(res, status, value, { 'cache-control': 'no-store' });

async function answerAdvert(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, MAX_ADVERT_BYTES)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: `an advert is at most ${MAX_ADVERT_BYTES} bytes` });
    return sendJson(res, 400, { error: 'the body must be JSON: {"epoch": n, "balancer": "<origin>"}' });
  }
  const advert = parseAdvert(body);
  if (typeof advert === 'string') return sendJson(res, 400, { error: advert });
  sendJson(res, 200, keeper.onAdvert(advert));
}

function state(): Record<string, unknown> {
  return { keeper: config.keeperId, role: keeper.role, epoch: keeper.epoch, balancer: config.balancer, peer: config.peer, network: config.network, advertIntervalMs: config.advertIntervalMs, preemptDelayMs: config.preemptDelayMs };
}

const server = http.createServer(async (req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  try {
    if (path === '/keeper/state' && (req.method === 'GET' || req.method === 'HEAD')) return sendJson(res, 200, state());
    if (path === '/keeper/advert' && req.method === 'POST') return await answerAdvert(req, res);
    if (path === '/keeper/state' || path === '/keeper/advert') {
      res.setHeader('allow', path === '/keeper/state' ? 'GET, HEAD' : 'POST');
      return sendJson(res, 405, { error: `${req.method} is not allowed on ${path}` });
    }
    sendJson(res, 404, { error: `no route ${req.method} ${path}; try GET /keeper/state` });
  } catch (error) {
    // Only a bug in keeper.ts lands here.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`keeper: ${req.method} ${path} failed: ${message}`);
    if (!res.headersSent) sendJson(res, 500, { error: message });
  }
});

/**
 * tick() every interval, the next one never started before the last has ended. A tick that
 * took part of the interval (an advert's round trip) shortens the wait for the next, so a
 * master's adverts keep their period instead of drifting later by every round trip.
 */
async function loop(): Promise<void> {
  const started = Date.now();
  try {
    await keeper.tick(started);
  } catch (error) {
    console.error(`keeper: tick failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  setTimeout(loop, Math.max(0, config.advertIntervalMs - (Date.now() - started)));
}

server.on('error', (error) => {
  console.error(`keeper: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  console.log(`${config.keeperId} listening on http://${config.host}:${config.port}: speaks for ${config.balancer}, peer ${config.peer}, network ${config.network}, advert every ${config.advertIntervalMs} ms` + (config.preemptDelayMs === null ? '' : `, takes the address back ${config.preemptDelayMs} ms after it comes back (preferred owner)`));
  void loop();
});
