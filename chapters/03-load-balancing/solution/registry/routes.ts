// Reference for T6: the registry's HTTP API (README.md, "The registry's API").
//   PUT    /services/:service/instances/:id            {url, ttlMs, weight?}  register or replace
//   POST   /services/:service/instances/:id/heartbeat                         renew the lease
//   DELETE /services/:service/instances/:id                                  deregister
//   GET    /services/:service                                                the live instances
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../lib/http-json.ts';
import type { Catalog, Instance, Registration } from './catalog.ts';

const NAME = '[A-Za-z0-9._-]{1,64}';
const INSTANCE_ROUTE = new RegExp(`^/services/(${NAME})/instances/(${NAME})(/heartbeat)?$`);
const SERVICE_ROUTE = new RegExp(`^/services/(${NAME})$`);

/** A registration body, checked; a string says what is wrong with it. */
function parseRegistration(body: Record<string, unknown>): Registration | string {
  const { url, ttlMs, weight = 1 } = body;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url) || !URL.canParse(url)) return '"url" must be an http:// URL such as "http://127.0.0.1:4001"';
  if (!Number.isInteger(ttlMs) || (ttlMs as number) < 100 || (ttlMs as number) > 86_400_000) return '"ttlMs" must be a whole number of milliseconds from 100 to 86400000';
  if (!Number.isInteger(weight) || (weight as number) < 1 || (weight as number) > 100) return '"weight" must be a whole number from 1 to 100';
  return { url, ttlMs: ttlMs as number, weight: weight as number };
}

function view(instance: Instance, now: number) {
  const { id, url, weight, ttlMs, expiresAt } = instance;
  return { id, url, weight, ttlMs, expiresInMs: Math.max(0, expiresAt - now) };
}

export async function handleRegistry(catalog: Catalog, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const method = req.method ?? 'GET';
  const now = Date.now();

  const service = SERVICE_ROUTE.exec(path);
  if (service && method === 'GET') {
    return sendJson(res, 200, { service: service[1], instances: catalog.list(service[1]!).map((i) => view(i, now)) });
  }

  const route = INSTANCE_ROUTE.exec(path);
  if (route) {
    const [, name, id, heartbeat] = route as unknown as [string, string, string, string | undefined];
    if (heartbeat && method === 'POST') {
      const renewed = catalog.renew(name, id);
      // 404 tells the instance its lease ran out: it should register again.
      if (!renewed) return sendJson(res, 404, { error: `${name}/${id} is not registered (or its TTL ran out): register it again` });
      return sendJson(res, 200, view(renewed, now));
    }
    if (!heartbeat && method === 'PUT') {
      const registration = parseRegistration(await readJson(req));
      if (typeof registration === 'string') return sendJson(res, 400, { error: registration });
      return sendJson(res, 200, view(catalog.register(name, id, registration), now));
    }
    if (!heartbeat && method === 'DELETE') {
      if (!catalog.deregister(name, id)) return sendJson(res, 404, { error: `${name}/${id} is not registered` });
      res.writeHead(204).end();
      return;
    }
    return sendJson(res, 405, { error: `${method} is not allowed on ${path}` });
  }
  sendJson(res, 404, { error: `no route for ${method} ${path}` });
}
