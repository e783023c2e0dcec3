// T1, T4 · Forwarding. Send each request to the backend with http-proxy and relay the answer:
// every method, path and query string exactly as written, status codes, headers (filtered by
// headers.ts) and bodies of any size, streamed in both directions, never held in memory whole.
// When the backend fails or is slower than config.timeoutMs, answer with failures.ts.
// Lesson: README.md, sections "T1 · Faithful forwarding" and "T4 · Failure answers".
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
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
  // TODO(T1): create ONE http-proxy server for all requests (httpProxy.createProxyServer) with
  // a keep-alive http.Agent and `selfHandleResponse: true`, so that you write responses yourself.
  // TODO(T1): on 'proxyRes', relay the backend's answer: status, toClient(headers), then pipe
  // the body into `res` (proxyRes.pipe(res)); on an 'error' of proxyRes, destroy `res`.
  // TODO(T6): let compressionFor() decide whether the body goes through a gzip stream on the way.
  // TODO(T4): on 'proxyReq', give the backend config.timeoutMs (proxyReq.setTimeout) and destroy
  // the request with a BackendTimeout when it runs out; on 'error', call answerFailure().
  void http;
  void httpProxy;
  void compressionFor;
  void answerFailure;
  void BackendTimeout;
  void toClient;
  void config;
  return {
    forward(req, res, target) {
      // TODO(T1): decide the backend's headers with toBackend(req.headers, clientSide(req)),
      // then hand the request to http-proxy: proxy.web(req, res, { target }).
      // TODO(T1): http-proxy sends a DELETE or OPTIONS with a chunked body as "Content-Length: 0"
      // followed by the body, unframed (request smuggling): refuse those with 411, or frame the
      // body again (README.md, "T1 · Faithful forwarding", "Bodies without a length").
      void req;
      void res;
      void target;
      void clientSide;
      void toBackend;
      throw new Error('TODO(T1): forward() is not written yet');
    },
    close() {
      // TODO(T1): close the proxy server and destroy the agent's idle connections.
    },
  };
}
