// Provided: the registry program. It holds the catalog of service instances in memory and
// serves the HTTP API you write in routes.ts (T6). Start it with `npm run registry`.
//   PORT (default 8500), HOST (default 127.0.0.1)
import http from 'node:http';
import { loadOrExit, port, text } from '../lib/env.ts';
import { BadJsonError, BodyTooLargeError, describeError, sendJson, where } from '../lib/http-json.ts';
import { Catalog } from './catalog.ts';
import { handleRegistry } from './routes.ts';

const config = loadOrExit('registry', () => ({ host: text(process.env, 'HOST', '127.0.0.1'), port: port(process.env, 8500) }));
const catalog = new Catalog();

const server = http.createServer((req, res) => {
  handleRegistry(catalog, req, res).catch((error: unknown) => {
    if (res.headersSent) return void res.destroy();
    if (error instanceof BadJsonError) return sendJson(res, 400, { error: error.message });
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
    console.error(`registry: request failed: ${where(error)}`);
    sendJson(res, 500, { error: describeError(error) });
  });
});

server.on('error', (error) => {
  console.error(`registry: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => console.log(`registry listening on http://${config.host}:${config.port}`));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
