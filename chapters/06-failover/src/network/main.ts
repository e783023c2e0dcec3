// Provided · the network: it owns the public address (PUBLIC_HOST:PUBLIC_PORT) and splices every
// client connection to the balancer that announced it last (switch.ts). Keepers (T7) move the
// address with POST /network/announce; GET /network/state shows the owner and every announcement.
// Start it with `npm run network`.
// Lesson: README.md, section "T7 · A floating address".
import http from 'node:http';
import net from 'node:net';
import { loadOrExit } from '@scaling-lab/chirp';
import { BodyTooLargeError, readBody, sendJson as sendJsonWith } from '@scaling-lab/forwarding';
import { loadConfig } from './config.ts';
import { Switch } from './switch.ts';

/** An announcement is a few dozen bytes; anything much larger is not one. */
const MAX_ANNOUNCE_BYTES = 4096;
const MAX_EPOCH = 999_999_999_999_999;

const config = loadOrExit('network', () => loadConfig());
const table = new Switch();

const sendJson = (res: http.ServerResponse, status: number, value: unknown): void => sendJsonWith(res, status, value, { 'cache-control': 'no-store' });

/** {"owner": "http://127.x.y.z:port", "epoch": n}, or what is wrong with it. */
export function parseAnnouncement(body: unknown): { owner: string; epoch: number } | string {
  const usage = 'expected {"owner": "http://127.0.0.1:<port>", "epoch": <whole number from 1>}';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return usage;
  const { owner, epoch } = body as Record<string, unknown>;
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 1 || epoch > MAX_EPOCH) return `"epoch" must be a whole number from 1 to ${MAX_EPOCH}; ${usage}`;
  if (typeof owner !== 'string' || !/^http:\/\/127\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d{1,5}$/.test(owner) || Number(owner.split(':')[2]) > 65535) {
    return `"owner" must be a loopback origin like http://127.0.0.1:4001; ${usage}`;
  }
  return { owner, epoch };
}

async function announce(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, MAX_ANNOUNCE_BYTES)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: `an announcement is at most ${MAX_ANNOUNCE_BYTES} bytes` });
    return sendJson(res, 400, { error: 'the body must be JSON: {"owner": "<origin>", "epoch": n}' });
  }
  const parsed = parseAnnouncement(body);
  if (typeof parsed === 'string') return sendJson(res, 400, { error: parsed });
  const result = table.announce(parsed.owner, parsed.epoch);
  sendJson(res, result.accepted ? 200 : 409, result);
}

const control = http.createServer(async (req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === '/network/state' && (req.method === 'GET' || req.method === 'HEAD')) {
    return sendJson(res, 200, { public: `http://${config.publicHost}:${config.publicPort}`, owner: table.owner, epoch: table.epoch, announcements: table.announcements });
  }
  if (path === '/network/announce' && req.method === 'POST') {
    try {
      return await announce(req, res);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      return;
    }
  }
  if (path === '/network/state' || path === '/network/announce') {
    res.setHeader('allow', path === '/network/state' ? 'GET, HEAD' : 'POST');
    return sendJson(res, 405, { error: `${req.method} is not allowed on ${path}` });
  }
  sendJson(res, 404, { error: `no route ${req.method} ${path}; try GET /network/state` });
});

const publicAddress = net.createServer((client) => table.accept(client));

for (const [server, what, host, port] of [
  [control, 'the control API', config.host, config.port],
  [publicAddress, 'the public address', config.publicHost, config.publicPort],
] as const) {
  server.on('error', (error) => {
    console.error(`network: cannot listen for ${what} on ${host}:${port}: ${error.message}`);
    process.exit(1);
  });
}
// The public address first: once the control API answers, both are ready.
publicAddress.listen(config.publicPort, config.publicHost, () => {
  control.listen(config.port, config.host, () => {
    console.log(`network listening on http://${config.host}:${config.port}; public address ${config.publicHost}:${config.publicPort}, owned by nobody yet`);
  });
});
