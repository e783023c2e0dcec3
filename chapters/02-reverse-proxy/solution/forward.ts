// Reference for T1 (and the T4 timeout): forwarding with http-proxy. Requests and responses
// stream through in both directions; the proxy decides headers, compression and failures.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Transform } from 'node:stream';
import httpProxy from 'http-proxy';
import { compressionFor } from './compression.ts';
import type { Config } from './config.ts';
import { answerFailure, BackendTimeout } from './failures.ts';
import { clientSide, toBackend, toClient } from './headers.ts';

export interface Forwarder {
  /** Sends `req` to the backend at `target` (an origin like http://127.0.0.1:3001) and relays its answer to `res`. */
  forward(req: IncomingMessage, res: ServerResponse, target: string): void;
  /** Closes the idle connections to backends (at shutdown). */
  close(): void;
}

export function createForwarder(config: Config): Forwarder {
  // Reused connections to the backends: a new TCP connection per request would cost a
  // handshake each time and leave thousands of sockets in TIME_WAIT under load.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  // selfHandleResponse: we write the response ourselves (headers filtered, maybe gzipped)
  // instead of letting http-proxy copy everything the backend says.
  const proxy = httpProxy.createProxyServer({ agent, selfHandleResponse: true, xfwd: false });

  proxy.on('proxyReq', (proxyReq, _req, res) => {
    // http-proxy's own `proxyTimeout` aborts with the same ECONNRESET as any hang-up, so a
    // timeout could not be told apart from a crash (http-party/node-http-proxy#1331): destroy
    // the backend request with our own error instead. The timer is the socket's idle time.
    proxyReq.setTimeout(config.timeoutMs, () => proxyReq.destroy(new BackendTimeout(config.timeoutMs)));
    // A client that goes away stops the work it asked for.
    res.once('close', () => {
      if (!res.writableFinished) proxyReq.destroy();
    });
  });
  proxy.on('proxyRes', (proxyRes, req, res) => relay(req, res, proxyRes));
  proxy.on('error', (error, _req, res) => {
    if (res instanceof http.ServerResponse) answerFailure(error as NodeJS.ErrnoException, res);
    else res.destroy();
  });
  // http-proxy runs url.parse() on a target given as a string, for every request. There are
  // one or two backends, so each origin is parsed once and the URL object reused.
  const targets = new Map<string, URL>();

  return {
    forward(req, res, target) {
      if (bodyHttpProxyWouldUnframe(req)) {
        refuseUnframedBody(req, res);
        return;
      }
      // http-proxy copies req.headers into the backend request when it creates it. Changing
      // them later, in a 'proxyReq' listener, fails once a body has started to flow
      // (http-party/node-http-proxy#1168), so the backend's headers are decided here.
      req.headers = toBackend(req.headers, clientSide(req)) as IncomingMessage['headers'];
      let url = targets.get(target);
      if (!url) targets.set(target, (url = new URL(target)));
      proxy.web(req, res, { target: url });
    },
    close() {
      proxy.close();
      agent.destroy();
    },
  };
}

/**
 * http-proxy gives a DELETE or OPTIONS that has no Content-Length a "Content-Length: 0" and
 * drops its Transfer-Encoding (its `deleteLength` pass, which no option turns off), then streams
 * the body anyway. A chunked body would follow a request that claims to have none, and the
 * backend would read its bytes as the next request: request smuggling.
 */
function bodyHttpProxyWouldUnframe(req: IncomingMessage): boolean {
  return (req.method === 'DELETE' || req.method === 'OPTIONS') && req.headers['transfer-encoding'] !== undefined && req.headers['content-length'] === undefined;
}

/** 411 Length Required: the client may send the same request again with a Content-Length. */
function refuseUnframedBody(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ error: `length required: a ${req.method} body must come with a Content-Length` });
  // The connection stays open: Node reads and discards the rest of the body after the answer.
  // Closing it at once instead would reset a client still sending, and could lose this answer.
  res.writeHead(411, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function relay(req: IncomingMessage, res: ServerResponse, proxyRes: IncomingMessage): void {
  // A failure answer (T4) already went out for this request: drop the late response.
  if (res.headersSent) {
    proxyRes.destroy();
    return;
  }
  const status = proxyRes.statusCode ?? 502;
  const headers = toClient(proxyRes.headers);
  const encoder = compressionFor(req, status, headers);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    // Keep cookies the proxy set itself (the A/B variant) next to the backend's own.
    if (name === 'set-cookie' && res.hasHeader(name)) res.appendHeader(name, value as string[]);
    else res.setHeader(name, value);
  }
  res.writeHead(status, proxyRes.statusMessage);
  streamBody(proxyRes, encoder, res);
}

/**
 * Stream: each piece goes out as it arrives, and memory stays flat for any body size. pipe()
 * applies backpressure like pipeline() but does not clean up after a failure, so that is
 * done here: the status line is already out, so a broken backend answer can only be reported
 * by cutting the client's connection (a client that leaves is handled in 'proxyReq').
 * pipeline() would do both, but it creates an AbortController for every call and aborts it
 * when the stream ends, which builds a DOMException with a stack trace: with small answers,
 * about a tenth of the proxy's CPU (README, "Where the time goes").
 */
function streamBody(proxyRes: IncomingMessage, encoder: Transform | undefined, res: ServerResponse): void {
  const cut = () => res.destroy();
  proxyRes.once('error', cut);
  if (encoder) {
    encoder.once('error', cut);
    // A client that leaves early: free the zlib stream now rather than at garbage collection.
    res.once('close', () => encoder.destroy());
    proxyRes.pipe(encoder).pipe(res);
  } else proxyRes.pipe(res);
}
