// Provided · The proxy as one request handler, assembled from the pieces you write. The order
// is the point: a flood is refused before it costs anything, static files never reach a
// backend, and only then is a backend chosen and the request forwarded.
// Lesson: README.md, section "The proxy's request path".
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { abRouting } from './ab-routing.ts';
import type { Config } from './config.ts';
import { createForwarder, type Forwarder } from './forward.ts';
import { rateLimit } from './rate-limit.ts';
import { staticFiles } from './static-files.ts';

/** The page and its assets, served by the proxy itself: public/index.html, public/static/*. */
export const publicDir = path.join(import.meta.dirname, 'public');

export interface ProxyApp {
  /** The request handler for the HTTP listener and, with TLS, the HTTPS one. */
  app: Express;
  forwarder: Forwarder;
}

export function createProxyApp(config: Config): ProxyApp {
  const app = express();
  // The proxy is the public face: it must not advertise its own software either.
  app.disable('x-powered-by');
  // Never trust X-Forwarded-* from clients to find their address: req.socket is the truth.
  app.set('trust proxy', false);

  if (config.rateLimit) app.use(rateLimit(config.rateLimit)); // T5
  app.use(staticFiles(publicDir)); // T3

  // T7: with an A/B test, a cookie picks the backend; otherwise there is one backend.
  if (config.abTest) app.use(abRouting(config.abTest));
  else {
    app.use((_req, res, next) => {
      res.locals.backend = config.backendUrl;
      next();
    });
  }

  const forwarder = createForwarder(config); // T1, T2, T4, T6
  app.use((req, res) => forwarder.forward(req, res, res.locals.backend as string));
  app.use(lastResort);
  return { app, forwarder };
}

/** An error thrown by a handler becomes a JSON 500 (or the status it carries), never a stack trace. */
const lastResort: ErrorRequestHandler = (err, _req, res, _next) => {
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
  if (status === 500) console.error(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).json({ error: status === 500 ? `proxy error: ${err?.message ?? 'unknown'}` : (err.expose ? err.message : 'request failed') });
};
