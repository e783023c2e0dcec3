// Provided · The proxy as one request handler, assembled from the pieces you write. The order
// is the point: a flood is refused before it costs anything, static files never reach a
// backend, and only then is a backend chosen and the request forwarded.
// Lesson: README.md, sections "The proxy's request path" and "Where the time goes".
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import { abRouting } from './ab-routing.ts';
import type { Config } from './config.ts';
import { createForwarder, type Forwarder } from './forward.ts';
import { rateLimit } from './rate-limit.ts';
import { staticFiles } from './static-files.ts';

/** The page and its assets, served by the proxy itself: public/index.html, public/static/*. */
export const publicDir = path.join(import.meta.dirname, 'public');

export interface ProxyApp {
  /** The request handler for the HTTP listener and, with TLS, the HTTPS one. */
  handler: RequestListener;
  forwarder: Forwarder;
}

/**
 * True for the paths static-files.ts may answer: "/" and anything starting with "/static",
 * in any letter case, as Express's router matches them. A wider net is harmless (what the
 * router passes on is still forwarded); a narrower one would send assets to the backend.
 */
export function mayBeAsset(url: string | undefined): boolean {
  if (url === undefined) return false;
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  return pathname === '/' || pathname.slice(0, 7).toLowerCase() === '/static';
}

export function createProxyApp(config: Config): ProxyApp {
  const forwarder = createForwarder(config); // T1, T2, T4, T6
  const limit = config.rateLimit ? rateLimit(config.rateLimit) : undefined; // T5
  // T7: with an A/B test, a cookie picks the backend; otherwise there is one backend.
  const chooseBackend = config.abTest ? abRouting(config.abTest) : () => config.backendUrl;
  const forward = (req: IncomingMessage, res: ServerResponse) => forwarder.forward(req, res, chooseBackend(req, res));

  // Express serves the page and the assets (T3): express.static does the file work well.
  // Only requests for those paths enter it. Express swaps the prototype of every request and
  // response it handles (to add req.query, res.json...), and V8 then runs Node's own HTTP code
  // on those objects far slower: about as much CPU again as the whole forwarding. A forwarded
  // request uses none of it, so it never goes through Express.
  const assets = express();
  // The proxy is the public face: it must not advertise its own software either.
  assets.disable('x-powered-by');
  // Never trust X-Forwarded-* from clients to find their address: req.socket is the truth.
  assets.set('trust proxy', false);
  assets.use(staticFiles(publicDir)); // T3
  // "/staticky" and the like reach here: not an asset after all, so it goes to a backend.
  assets.use((req, res) => forward(req, res));
  assets.use(((error, _req, res, _next) => lastResort(error, res)) satisfies ErrorRequestHandler);

  const handler: RequestListener = (req, res) => {
    try {
      if (limit && !limit(req, res)) return; // refused: the 429 is out
      if (mayBeAsset(req.url)) assets(req, res);
      else forward(req, res);
    } catch (error) {
      lastResort(error, res);
    }
  };
  return { handler, forwarder };
}

/** An error thrown by a handler becomes a JSON 500 (or the status it carries), never a stack trace. */
function lastResort(error: unknown, res: ServerResponse): void {
  const err = error as { status?: unknown; expose?: boolean; message?: string } | undefined;
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
  if (status === 500) console.error(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: status === 500 ? `proxy error: ${err?.message ?? 'unknown'}` : err?.expose ? err.message : 'request failed' });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
