// A controllable stand-in for an application server, run as its own process so suites can
// kill, pause or slow it for real. Plain JavaScript: it starts in a tenth of a second.
//
// Every request outside /__fake/ is recorded and answered according to the current behaviour
// (by default: 200 with a JSON echo of the request). Control endpoints:
//   GET    /__fake/requests    the recorded requests, oldest first
//   DELETE /__fake/requests    forget them
//   PUT    /__fake/behaviour   JSON: { status, delayMs, headers, body, reset, hang }
//   DELETE /__fake/behaviour   back to the default echo
import http from 'node:http';

const id = process.env.BACKEND_ID ?? 'backend';
const port = Number(process.env.PORT);
const MAX_RECORDED = 10_000;
const BODY_SAMPLE = 64 * 1024;

let recorded = [];
let behaviour = {};

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let bytes = 0;
    req.on('data', (chunk) => {
      bytes += chunk.length;
      if (bytes - chunk.length < BODY_SAMPLE) chunks.push(chunk);
    });
    req.on('end', () => resolve({ sample: Buffer.concat(chunks).subarray(0, BODY_SAMPLE), bytes }));
    req.on('error', () => resolve({ sample: Buffer.alloc(0), bytes }));
  });
}

async function control(req, res) {
  const route = `${req.method} ${req.url}`;
  if (route === 'GET /__fake/requests') return sendJson(res, 200, recorded);
  if (route === 'DELETE /__fake/requests') {
    recorded = [];
    return sendJson(res, 200, { ok: true });
  }
  if (route === 'DELETE /__fake/behaviour') {
    behaviour = {};
    return sendJson(res, 200, { ok: true });
  }
  if (route === 'PUT /__fake/behaviour') {
    const { sample } = await readBody(req);
    try {
      behaviour = JSON.parse(sample.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'behaviour must be JSON' });
    }
    return sendJson(res, 200, { ok: true });
  }
  return sendJson(res, 404, { error: `unknown control route ${route}` });
}

const server = http.createServer(async (req, res) => {
  if (req.url?.startsWith('/__fake/')) return control(req, res);
  const at = Date.now();
  const { sample, bytes } = await readBody(req);
  const entry = {
    method: req.method,
    url: req.url,
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    body: sample.toString('utf8'),
    bodyBytes: bytes,
    remoteAddress: req.socket.remoteAddress,
    at,
  };
  if (recorded.length < MAX_RECORDED) recorded.push(entry);

  const current = behaviour;
  if (current.hang) return; // Never answer: the caller's timeout must fire.
  if (current.delayMs) await new Promise((resolve) => setTimeout(resolve, current.delayMs));
  if (current.reset) return req.socket.destroy();
  const headers = { 'x-backend-id': id, server: `fake-backend/${id}`, 'x-powered-by': 'fake-backend', ...current.headers };
  if (current.body !== undefined) {
    const body = typeof current.body === 'string' ? current.body : JSON.stringify(current.body);
    res.writeHead(current.status ?? 200, { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(body) });
    return res.end(body);
  }
  const echo = JSON.stringify({ backend: id, method: entry.method, url: entry.url, headers: entry.headers, body: entry.body, bodyBytes: bytes });
  res.writeHead(current.status ?? 200, { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(echo) });
  res.end(echo);
});

server.listen(port, '127.0.0.1', () => console.log(`fake backend ${id} listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
