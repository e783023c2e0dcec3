// A fault-injecting TCP proxy, run as its own process (plain JavaScript: it starts in a tenth
// of a second) between a client and one node, so suites can slow, cut or reset the network for
// real while the node under test sees ordinary TCP. Loopback only: it listens on 127.0.0.1 and
// connects to 127.0.0.1:TARGET_PORT.
//
// Faults (independent; POST /pass clears them all):
//   latency   each chunk waits ms (+/- jitter) in the chosen direction(s); order is kept
//   drop      bytes (and FIN/RST) in that direction are discarded, connections stay open;
//             when both directions drop, new connections are accepted and go nowhere
//   reset     every open connection is closed with RST, on both sides
// Control API on CONTROL_PORT (JSON):
//   GET /state, GET /events, POST /pass, POST /latency {ms, jitterMs, direction},
//   POST /drop {direction}, POST /reset, POST /target {port}
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const HOST = '127.0.0.1';
const name = process.env.PROXY_NAME ?? 'proxy';
const listenPort = Number(process.env.PROXY_PORT);
const controlPort = Number(process.env.CONTROL_PORT);
let targetPort = Number(process.env.TARGET_PORT);
/** Above this many bytes waiting (delayed or unsent), stop reading the source: never buffer a whole transfer. */
const HIGH_WATER = 1 << 20;

const state = { latencyMs: 0, jitterMs: 0, latencyDirection: 'both', drop: 'none' };
const counts = { accepted: 0, open: 0, blackholed: 0, targetErrors: 0, resets: 0, bytesToTarget: 0, bytesFromTarget: 0, droppedToTarget: 0, droppedFromTarget: 0 };
const events = [];
/** Open connections: { client, upstream? }. */
const pairs = new Set();

function record(kind, detail = {}) {
  events.push({ at: Date.now(), kind, ...detail, counts: { ...counts } });
}

const applies = (setting, direction) => setting === 'both' || setting === direction;
const dropping = (direction) => applies(state.drop, direction);
function delayFor(direction) {
  if (state.latencyMs <= 0 || !applies(state.latencyDirection, direction)) return 0;
  return Math.max(0, state.latencyMs + (Math.random() * 2 - 1) * state.jitterMs);
}

function resetSocket(socket) {
  if (!socket || socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** Moves bytes one way: counts them, drops or delays them, keeps their order, respects backpressure. */
function pump(from, to, direction) {
  const sent = direction === 'to-target' ? 'bytesToTarget' : 'bytesFromTarget';
  const dropped = direction === 'to-target' ? 'droppedToTarget' : 'droppedFromTarget';
  const queue = []; // { due, chunk } or { due, end: true }, in arrival order
  let queuedBytes = 0;
  let lastDue = 0;
  let timer;
  const backlog = () => queuedBytes + to.writableLength;
  const relieve = () => {
    if (from.isPaused() && backlog() < HIGH_WATER / 2) from.resume();
  };
  const deliver = (item) => {
    if (to.destroyed) return;
    if (item.end) return to.end();
    counts[sent] += item.chunk.length;
    to.write(item.chunk);
  };
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0].due <= now) {
      const item = queue.shift();
      queuedBytes -= item.chunk?.length ?? 0;
      deliver(item);
    }
    if (queue.length > 0) timer = setTimeout(flush, queue[0].due - now);
    relieve();
  };
  const enqueue = (item) => {
    const delay = delayFor(direction);
    // The fast path only when nothing waits: a chunk may never overtake an earlier one.
    if (delay === 0 && queue.length === 0) return deliver(item);
    lastDue = Math.max(lastDue, performance.now() + delay);
    queue.push({ ...item, due: lastDue });
    queuedBytes += item.chunk?.length ?? 0;
    timer ??= setTimeout(flush, queue[0].due - performance.now());
  };
  to.on('drain', relieve);
  from.on('data', (chunk) => {
    if (dropping(direction)) {
      counts[dropped] += chunk.length;
      return;
    }
    enqueue({ chunk });
    if (backlog() > HIGH_WATER) from.pause();
  });
  // A half-close travels like data (after the delayed bytes); a blackhole swallows it.
  from.on('end', () => dropping(direction) || enqueue({ end: true }));
  from.on('error', () => {
    if (direction === 'from-target') counts.targetErrors++;
    if (!dropping(direction)) resetSocket(to);
  });
}

function track(pair) {
  pairs.add(pair);
  counts.open++;
  const sockets = [pair.client, pair.upstream].filter(Boolean);
  for (const socket of sockets) {
    socket.on('close', () => {
      if (!sockets.every((s) => s.destroyed) || !pairs.delete(pair)) return;
      counts.open--;
    });
  }
}

const proxy = net.createServer({ allowHalfOpen: true }, (client) => {
  counts.accepted++;
  if (dropping('to-target') && dropping('from-target')) {
    // A full partition: the connection is accepted but nothing ever reaches the target.
    counts.blackholed++;
    client.on('data', (chunk) => (counts.droppedToTarget += chunk.length));
    client.on('error', () => {});
    return track({ client });
  }
  // Writes before the connect completes are queued by the socket itself.
  const upstream = net.connect({ host: HOST, port: targetPort, allowHalfOpen: true });
  pump(client, upstream, 'to-target');
  pump(upstream, client, 'from-target');
  track({ client, upstream });
});

function heal() {
  Object.assign(state, { latencyMs: 0, jitterMs: 0, latencyDirection: 'both', drop: 'none' });
  // A side that closed during the fault cannot be told any more; end its orphaned twin.
  for (const { client, upstream } of pairs) {
    if (upstream && client.destroyed !== upstream.destroyed) resetSocket(client.destroyed ? upstream : client);
  }
}

function resetAll() {
  for (const { client, upstream } of pairs) {
    resetSocket(client);
    resetSocket(upstream);
    counts.resets++;
  }
}

const DIRECTIONS = ['both', 'to-target', 'from-target'];
const routes = {
  'GET /state': () => ({ name, targetPort, ...state, counts }),
  'GET /events': () => ({ events, counts }),
  'POST /pass': () => (heal(), record('pass')),
  'POST /latency': ({ ms, jitterMs = 0, direction = 'both' }) => {
    if (!(ms >= 0) || !(jitterMs >= 0) || !DIRECTIONS.includes(direction)) throw new Error('latency needs ms >= 0, jitterMs >= 0, direction both|to-target|from-target');
    Object.assign(state, { latencyMs: ms, jitterMs, latencyDirection: direction });
    record('latency', { ms, jitterMs, direction });
  },
  'POST /drop': ({ direction = 'both' }) => {
    if (!DIRECTIONS.includes(direction)) throw new Error('drop direction must be both, to-target or from-target');
    state.drop = direction;
    record('drop', { direction });
  },
  'POST /reset': () => {
    const connections = pairs.size;
    resetAll();
    record('reset', { connections });
  },
  'POST /target': ({ port }) => {
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error('target needs a port number');
    targetPort = port;
    record('target', { port });
  },
};

const control = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const send = (status, value) => {
      const body = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const route = routes[`${req.method} ${req.url}`];
    if (!route) return send(404, { error: `unknown control route ${req.method} ${req.url}` });
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      const result = route(text ? JSON.parse(text) : {});
      send(200, result ?? { ok: true });
    } catch (error) {
      send(400, { error: error.message });
    }
  });
});

proxy.listen(listenPort, HOST, () => {
  record('start', { port: targetPort });
  // The control port opens last: once it answers, the proxy port is ready too.
  control.listen(controlPort, HOST, () => console.log(`fault proxy ${name}: 127.0.0.1:${listenPort} -> 127.0.0.1:${targetPort}, control on ${controlPort}`));
});
process.on('SIGTERM', () => {
  resetAll();
  process.exit(0);
});
