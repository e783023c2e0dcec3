import { readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { check, describeExit, describeTask, expectJson, expectStatus, openRequest, pollUntil, request } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { startChirp } from './support.ts';

/** How long a clean shutdown may take once nothing is in flight. */
const EXIT_WITHIN_MS = 5000;

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describeTask('T6', () => {
  it('a request in flight when SIGTERM arrives is answered, new connections are refused, then exit code 0', async () => {
    const app = await startChirp();
    const body = Buffer.from(JSON.stringify({ author: 'in_flight', text: 'sent before, finished after SIGTERM' }));
    const upload = openRequest(`${app.url}/api/chirps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' },
    });
    // "100 Continue" proves the server has read the request's headers: it is truly in flight.
    await upload.continued;
    await upload.write(body.subarray(0, 10));
    app.component.signal('SIGTERM');
    await pollUntil(() => refusesConnections(app.port), { what: 'the app to stop accepting new connections after SIGTERM', timeoutMs: 3000 });
    const res = await upload.end(body.subarray(10));
    expectStatus(res, 201, 'the POST /api/chirps that was in flight during SIGTERM');
    const exit = await app.component.waitForExit(EXIT_WITHIN_MS);
    check(exit.code === 0, `after SIGTERM the app must exit with code 0 once idle; it ${describeExit(exit)}`);

    const again = await startChirp({ dataDir: app.dataDir, name: 'your app (restarted)' });
    const created = expectJson<{ id: number }>(res, 'the in-flight POST');
    expectStatus(await request(`${again.url}/api/chirps/${created.id}`), 200, `GET /api/chirps/${created.id} (answered during shutdown) after a restart`);
  });

  it('an idle keep-alive connection does not hold the shutdown up', async () => {
    const app = await startChirp();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expectStatus(await request(`${app.url}/healthz`, { agent }), 200, 'GET /healthz over a keep-alive connection');
      app.component.signal('SIGTERM');
      const exit = await app.component.waitForExit(EXIT_WITHIN_MS);
      check(exit.code === 0, `with an idle keep-alive connection open, SIGTERM must still end the app with code 0; it ${describeExit(exit)}`);
    } finally {
      agent.destroy();
    }
  });

  it('SIGINT (Ctrl-C) shuts down as cleanly as SIGTERM: exit code 0, the database closed', async () => {
    const app = await startChirp();
    expectStatus(await request(`${app.url}/api/chirps`, { method: 'POST', body: { author: 'ctrl_c', text: 'stopped from the terminal' } }), 201, 'POST /api/chirps');
    app.component.signal('SIGINT');
    const exit = await app.component.waitForExit(EXIT_WITHIN_MS);
    check(exit.code === 0, `after SIGINT (Ctrl-C) the app must shut down like after SIGTERM and exit with code 0; it ${describeExit(exit)}`);
    const leftovers = readdirSync(app.dataDir).filter((f) => f.endsWith('-wal') && statSync(path.join(app.dataDir, f)).size > 0);
    check(leftovers.length === 0, `after SIGINT, ${leftovers.join(', ')} still holds unmerged writes: SIGINT must run the same clean shutdown as SIGTERM, which closes the database`);
  });

  it('closes the database on the way out: no write-ahead log is left behind', async () => {
    const app = await startChirp();
    const res = await request(`${app.url}/api/chirps`, { method: 'POST', body: { author: 'last_words', text: 'checkpoint me' } });
    expectStatus(res, 201, 'POST /api/chirps');
    app.component.signal('SIGTERM');
    const exit = await app.component.waitForExit(EXIT_WITHIN_MS);
    check(exit.code === 0, `after SIGTERM the app must exit with code 0; it ${describeExit(exit)}`);
    const leftovers = readdirSync(app.dataDir).filter((f) => f.endsWith('-wal') && statSync(path.join(app.dataDir, f)).size > 0);
    check(leftovers.length === 0, `after a clean shutdown, ${leftovers.join(', ')} still holds unmerged writes: close the database before exiting (closing checkpoints the WAL)`);
  });
});
