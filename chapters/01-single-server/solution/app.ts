// Reference for T1, T4 and T7: the Express application, without listening (main.ts does that).
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { chirpsRouter } from './chirps-routes.ts';
import type { Config } from './config.ts';
import { HttpError } from './http-errors.ts';
import type { ChirpStore } from './store.ts';

/** Larger bodies get 413 before they are parsed: a chirp is far smaller than this. */
export const BODY_LIMIT = '16kb';

const publicDir = path.join(import.meta.dirname, 'public');

export function createApp(config: Config, store: ChirpStore): Express {
  const app = express();
  // Do not advertise the framework (and its version) to every client.
  app.disable('x-powered-by');
  app.use(express.json({ limit: BODY_LIMIT }));

  const startedAt = Date.now();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', instance: config.instanceId, role: 'standalone', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
  });

  app.use('/api/chirps', chirpsRouter(store));

  // express.static refuses any path with a ".." segment (403) and never leaves publicDir;
  // "/" serves public/index.html, "/static/app.js" serves public/static/app.js.
  app.use(express.static(publicDir, { dotfiles: 'ignore', fallthrough: true }));

  app.use((req, _res, next) => next(new HttpError(404, `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler);
  return app;
}

/** Every error becomes JSON. Only messages meant for clients leave the process. */
const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: err.message });
    return;
  }
  // Express and body-parser mark client errors (bad JSON, too large, undecodable URL) with
  // a 4xx status; their `expose` flag says whether the message is safe to show.
  const status = typeof err?.status === 'number' ? err.status : 500;
  if (status >= 400 && status < 500) {
    const messages: Record<string, string> = {
      'entity.too.large': `the body is larger than ${BODY_LIMIT}`,
      'entity.parse.failed': 'the body is not valid JSON',
    };
    res.status(status).json({ error: messages[err.type] ?? (err.expose ? err.message : 'bad request') });
    return;
  }
  // A bug: log it for us, tell the client nothing about our code.
  console.error(err);
  res.status(500).json({ error: 'internal server error' });
};
