import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { check, describeTask, expectEqual, expectJson, expectStatus, freshDir, request, seeded } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { type Chirp, createChirp, randomAuthor, randomText, startChirp, walkPages } from './support.ts';

async function createSome(app: { url: string }, count: number, label: string): Promise<Chirp[]> {
  const rng = seeded(label);
  const chirps: Chirp[] = [];
  for (let i = 0; i < count; i++) chirps.push(await createChirp(app, { author: randomAuthor(rng), text: randomText(rng) }));
  return chirps;
}

async function expectAllThere(app: { url: string }, chirps: Chirp[], when: string): Promise<void> {
  for (const chirp of chirps) {
    const action = `GET /api/chirps/${chirp.id} ${when}`;
    const res = await request(`${app.url}/api/chirps/${chirp.id}`);
    expectStatus(res, 200, action);
    expectEqual(expectJson(res, action), chirp, action);
  }
}

describeTask('T5', () => {
  it('chirps survive a restart on the same DATA_DIR', async () => {
    const first = await startChirp();
    const chirps = await createSome(first, seeded('T5 count').int(5, 12), 'T5 restart');
    const gone = chirps.pop()!;
    expectStatus(await request(`${first.url}/api/chirps/${gone.id}`, { method: 'DELETE' }), 204, `DELETE /api/chirps/${gone.id}`);
    await first.component.stop();

    const second = await startChirp({ dataDir: first.dataDir, name: 'your app (restarted)' });
    await expectAllThere(second, chirps, 'after a restart');
    expectStatus(await request(`${second.url}/api/chirps/${gone.id}`), 404, `GET /api/chirps/${gone.id} (deleted before the restart)`);
    const listed = await walkPages(second, { limit: '100' });
    expectEqual(listed.map((c) => c.id), [...chirps].reverse().map((c) => c.id), 'GET /api/chirps after a restart (ids, newest first)');
    const next = await createChirp(second, { author: 'after_restart', text: 'still counting' });
    check(next.id > Math.max(...chirps.map((c) => c.id)), `POST /api/chirps after a restart: expected an id above the existing ones, got ${next.id}`);
  });

  it('an acknowledged chirp survives the process being killed (SIGKILL)', async () => {
    const first = await startChirp();
    const chirps = await createSome(first, 6, 'T5 crash');
    // No warning, no shutdown hook: what was acknowledged with 201 must already be on disk.
    first.component.signal('SIGKILL');
    await first.component.waitForExit(5000);
    const second = await startChirp({ dataDir: first.dataDir, name: 'your app (after the crash)' });
    await expectAllThere(second, chirps, 'after SIGKILL and a restart');
  });

  it('keeps its data in DATA_DIR, creating the folder if needed', async () => {
    const dataDir = path.join(freshDir('nested'), 'does', 'not', 'exist', 'yet');
    const app = await startChirp({ dataDir });
    await createSome(app, 2, 'T5 folder');
    check(existsSync(dataDir) && readdirSync(dataDir).length > 0, `with DATA_DIR=${dataDir}: expected the database file(s) inside that folder, found ${existsSync(dataDir) ? 'it empty' : 'no such folder'}`);

    const other = await startChirp({ name: 'a second instance with its own DATA_DIR' });
    const listed = await walkPages(other, { limit: '100' });
    check(listed.length === 0, `an instance with a different DATA_DIR must start empty, but it lists ${listed.length} chirp(s)`);
  });
});
