// A controllable stand-in for an application server, run as its own process so suites can
// kill, pause or slow it for real. Plain JavaScript: it starts in a tenth of a second.
//
// Every request outside /__fake/ is recorded and answered according to the current behaviour
// (by default: 200 with a JSON echo of the request). Control endpoints:
//   GET    /__fake/requests    the recorded requests, oldest first
//   DELETE /__fake/requests    forget them
//   PUT    /__fake/behaviour   JSON behaviour, see fake-backend.ts (optional "path" prefix)
//   DELETE /__fake/behaviour   back to the default echo everywhere
// As an HTTP origin (for caches and CDNs): every answer carries a correct Date (Node sends it);
// a behaviour with `etag` / `lastModified` sends those validators and answers a matching
// If-None-Match / If-Modified-Since with 304 and no body. `served` in the JSON echo counts the
// full (non-304) answers this path has had, so a client can tell a refreshed copy from an old one.
import http from 'node:http';

const id = process.env.BACKEND_ID ?? 'backend';
const port = Number(process.env.PORT);
const MAX_RECORDED = 10_000;
const BODY_SAMPLE = 64 * 1024;

let recorded = [];
/** Full (non-304) answers per request URL, for the echo's `served` field. */
const served = new Map();
/** Behaviours by path prefix; "" applies to every path. The longest matching prefix wins. */
let behaviours = new Map();

function behaviourFor(url) {
  let best;
  for (const [prefix, value] of behaviours) {
    if (url.startsWith(prefix) && (best === undefined || prefix.length > best[0].length)) best = [prefix, value];
  }
  return best?.[1] ?? {};
}

/** Deterministic filler: byte i is i mod 251, so a client can check every byte it got. */
function filler(size) {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buffer[i] = i % 251;
  return buffer;
}

/** RFC 9110 13.1.2: weak comparison of If-None-Match against the current entity tag. */
function noneMatch(header, etag) {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Does the request's validator show that the client already has the current version? */
function notModified(req, current) {
  const inm = req.headers['if-none-match'];
  if (current.etag !== undefined && inm !== undefined) return noneMatch(inm, current.etag);
  const ims = req.headers['if-modified-since'];
  if (current.lastModified === undefined || ims === undefined || inm !== undefined) return false;
  const since = Date.parse(ims);
  const modified = Date.parse(current.lastModified);
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

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
    behaviours = new Map();
    return sendJson(res, 200, { ok: true });
  }
  if (route === 'PUT /__fake/behaviour') {
    const { sample } = await readBody(req);
    try {
      const { path = '', ...behaviour } = JSON.parse(sample.toString('utf8'));
      behaviours.set(path, behaviour);
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

  const current = behaviourFor(req.url ?? '/');
  if (current.hang) return; // Never answer: the caller's timeout must fire.
  if (current.delayMs) await new Promise((resolve) => setTimeout(resolve, current.delayMs));
  if (current.reset) return req.socket.destroy();
  const validators = {};
  if (current.etag !== undefined) validators.etag = current.etag;
  if (current.lastModified !== undefined) validators['last-modified'] = current.lastModified;
  const headers = { 'x-backend-id': id, server: `fake-backend/${id}`, 'x-powered-by': 'fake-backend', ...validators, ...current.headers };
  if ((current.etag !== undefined || current.lastModified !== undefined) && notModified(req, current)) {
    // 304: the headers a 200 would carry (validators, Cache-Control, Expires, Vary...), no body.
    const { 'content-type': _type, 'content-length': _length, ...rest } = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    entry.status = 304;
    res.writeHead(304, rest);
    return res.end();
  }
  const count = (served.get(req.url) ?? 0) + 1;
  served.set(req.url, count);
  entry.status = current.status ?? 200;
  const fixed =
    current.bodyBytes !== undefined ? filler(current.bodyBytes)
    : current.bodyBase64 !== undefined ? Buffer.from(current.bodyBase64, 'base64')
    : current.body !== undefined ? Buffer.from(typeof current.body === 'string' ? current.body : JSON.stringify(current.body))
    : undefined;
  if (fixed && current.chunks > 1) {
    // Streamed in pieces without a Content-Length, a pause between pieces: a proxy that
    // buffers whole responses shows it by delivering nothing until the end.
    res.writeHead(current.status ?? 200, { 'content-type': 'application/octet-stream', ...headers });
    const size = Math.ceil(fixed.length / current.chunks);
    for (let offset = 0; offset < fixed.length; offset += size) {
      if (offset > 0) await new Promise((resolve) => setTimeout(resolve, current.chunkDelayMs ?? 100));
      if (res.destroyed) return;
      res.write(fixed.subarray(offset, offset + size));
    }
    return res.end();
  }
  if (fixed) {
    const type = current.body !== undefined && typeof current.body !== 'string' ? 'application/json' : 'application/octet-stream';
    res.writeHead(current.status ?? 200, { 'content-type': type, ...headers, 'content-length': fixed.length });
    return res.end(fixed);
  }
  const echo = JSON.stringify({ backend: id, method: entry.method, url: entry.url, headers: entry.headers, body: entry.body, bodyBytes: bytes, served: count });
  res.writeHead(current.status ?? 200, { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(echo) });
  res.end(echo);
});

server.listen(port, '127.0.0.1', () => console.log(`fake backend ${id} listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
