// T6 · The registry's HTTP API (README.md, "The registry's API"):
//   PUT    /services/:service/instances/:id            {url, ttlMs, weight?}  register or replace
//   POST   /services/:service/instances/:id/heartbeat                         renew the lease
//   DELETE /services/:service/instances/:id                                  deregister
//   GET    /services/:service                                                the live instances
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../lib/http-json.ts';
import type { Catalog } from './catalog.ts';

/** Service names and instance ids: 1-64 of these characters. */
const NAME = '[A-Za-z0-9._-]{1,64}';

export async function handleRegistry(catalog: Catalog, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // TODO(T6): route the four requests above to the catalog. Register answers 200 with the
  // instance; a body without an http:// "url", a whole-number "ttlMs" (100-86400000) or a
  // "weight" of 1-100 (default 1) is a 400 with {"error": "..."}. A heartbeat for an
  // instance the registry does not have answers 404, so the instance knows to register again.
  // Deregister answers 204. The list is {"service": ..., "instances": [{id, url, weight, ...}]}.
  // Anything else: a 404 JSON error.
  void [catalog, req, NAME, readJson, sendJson];
  throw new Error(`TODO(T6): the registry's API is not written yet (${res.req.method} ${res.req.url})`);
}
