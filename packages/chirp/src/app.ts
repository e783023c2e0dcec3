// The provided Chirp app: routes, validation, JSON errors, the page and its assets, around any
// ChirpStore. Chapters put their layer in the store (a cache, replication) or in `respond`
// (HTTP caching), and keep everything else identical.
import express, { type ErrorRequestHandler, type Express, type NextFunction, type Request, type Response } from 'express';
import { AssetTable, PAGE_DIR } from './assets.ts';
import { HttpError, notFound } from './http-errors.ts';
import { type Reply, type Respond, sendPlain } from './reply.ts';
import type { ChirpStore } from './types.ts';
import { parseId, parseListQuery, parseNewChirp } from './validation.ts';

/** Larger bodies get 413 before they are parsed: a chirp is far smaller than this. */
export const BODY_LIMIT = '16kb';

export interface ChirpAppOptions {
  store: ChirpStore;
  /** Which process answered, in /healthz. */
  instance: string;
  /** Its role, in /healthz (e.g. "app", "backend", "leader"). */
  role?: string;
  /** Extra /healthz fields, computed for each request. */
  health?: (req: Request) => Record<string, unknown>;
  /** How every answer is sent (default: as it is, no caching headers). */
  respond?: Respond;
  /** The page and its assets; false for an API-only backend. Default: the provided page. */
  assets?: AssetTable | false;
  /** Where the page finds its assets: a CDN edge's URL (push CDN), or unset for this app. */
  cdnUrl?: string;
  /** Runs first on the Express app: extra routes or middleware of a chapter. */
  configure?: (app: Express) => void;
}

/** Lets async route handlers throw: Express 5 passes a rejected promise to the error handler. */
type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void> | void;

export function createChirpApp(options: ChirpAppOptions): Express {
  const { store, respond = sendPlain } = options;
  const assets = options.assets === false ? undefined : (options.assets ?? AssetTable.load(PAGE_DIR));
  const send = (req: Request, res: Response, reply: Reply) => respond(req, res, reply);
  const app = express();
  // No framework banner, and no ETags of Express's own: ETags are the respond function's job.
  app.disable('x-powered-by');
  app.set('etag', false);
  options.configure?.(app);
  app.use(express.json({ limit: BODY_LIMIT }));

  const startedAt = Date.now();
  app.get('/healthz', (req, res) => {
    const body = { status: 'ok', instance: options.instance, role: options.role ?? 'app', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), ...options.health?.(req) };
    send(req, res, { route: 'health', status: 200, body });
  });

  const route = (handler: Handler): Handler => handler;
  app.post('/api/chirps', route(async (req, res) => {
    const chirp = await store.create(parseNewChirp(req.body));
    send(req, res, { route: 'write', status: 201, body: chirp, headers: { Location: `/api/chirps/${chirp.id}` } });
  }));

  app.get('/api/chirps', route(async (req, res) => {
    const query = parseListQuery(req.query);
    // One extra row tells whether a next page exists, without a COUNT(*).
    const rows = await store.list({ ...query, limit: query.limit + 1 });
    const chirps = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? String(chirps.at(-1)!.id) : null;
    send(req, res, { route: 'timeline', status: 200, body: { chirps, nextCursor } });
  }));

  app.get('/api/chirps/:id', route(async (req, res) => {
    const id = parseId(String(req.params.id));
    const chirp = id === undefined ? undefined : await store.get(id);
    if (!chirp) throw notFound(`no chirp with id ${req.params.id}`);
    send(req, res, { route: 'chirp', status: 200, body: chirp, lastModified: new Date(chirp.createdAt) });
  }));

  app.delete('/api/chirps/:id', route(async (req, res) => {
    const id = parseId(String(req.params.id));
    if (id === undefined || !(await store.delete(id))) throw notFound(`no chirp with id ${req.params.id}`);
    send(req, res, { route: 'write', status: 204 });
  }));

  if (assets) {
    app.get('/', (req, res) => {
      send(req, res, { route: 'page', status: 200, body: assets.renderPage(options.cdnUrl), contentType: 'text/html; charset=utf-8', lastModified: assets.builtAt });
    });
    app.get('/static/:name', (req, res) => {
      const asset = assets.find(String(req.params.name));
      if (!asset) throw notFound(`no asset ${req.params.name}`);
      send(req, res, { route: 'asset', status: 200, body: asset.bytes, contentType: asset.type, lastModified: assets.builtAt });
    });
  }

  app.use((req) => {
    throw notFound(`no route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler(send));
  return app;
}

/** Every error becomes JSON; only messages meant for clients leave the process. */
function errorHandler(send: (req: Request, res: Response, reply: Reply) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return void res.destroy();
    if (err instanceof HttpError) return send(req, res, { route: 'error', status: err.status, body: { error: err.message } });
    // Express and body-parser mark client errors (bad JSON, too large) with a 4xx status.
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 400 && status < 500) {
      const messages: Record<string, string> = {
        'entity.too.large': `the body is larger than ${BODY_LIMIT}`,
        'entity.parse.failed': 'the body is not valid JSON',
      };
      return send(req, res, { route: 'error', status, body: { error: messages[err.type] ?? (err.expose ? err.message : 'bad request') } });
    }
    console.error(err);
    send(req, res, { route: 'error', status: 500, body: { error: 'internal server error' } });
  };
}
