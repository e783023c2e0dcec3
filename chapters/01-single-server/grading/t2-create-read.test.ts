import { check, describeTask, expectEqual, expectJson, expectJsonError, expectStatus, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { checkChirpShape, createChirp, randomAuthor, randomText, startChirp } from './support.ts';

describeTask('T2', () => {
  const rng = seeded('T2');
  const app = shared(() => startChirp());

  it('POST /api/chirps answers 201 with the new chirp, and GET /api/chirps/:id returns it', async () => {
    const a = await app();
    for (let i = 0; i < 5; i++) {
      const input = { author: randomAuthor(rng), text: randomText(rng) };
      const created = await createChirp(a, input);
      const action = `GET /api/chirps/${created.id}`;
      const res = await request(`${a.url}/api/chirps/${created.id}`);
      expectStatus(res, 200, action);
      expectEqual(checkChirpShape(expectJson(res, action), action), created, `${action}: the chirp read back`);
    }
  });

  it('gives every chirp its own id, higher for newer chirps', async () => {
    const a = await app();
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await createChirp(a, { author: randomAuthor(rng), text: randomText(rng) })).id);
    check(new Set(ids).size === ids.length, `POST /api/chirps: expected distinct ids, got ${ids.join(', ')}`);
    check(ids.every((id, i) => i === 0 || id > ids[i - 1]!), `POST /api/chirps: expected each new id to be higher than the last, got ${ids.join(', ')}`);
  });

  it('createdAt is the current time', async () => {
    const a = await app();
    const before = Date.now();
    const chirp = await createChirp(a, { author: randomAuthor(rng), text: randomText(rng) });
    const at = Date.parse(chirp.createdAt);
    // Generous: the clock is shared, so only catch values that are plainly not "now".
    check(Math.abs(at - before) < 60_000, `POST /api/chirps: expected createdAt close to now (${new Date(before).toISOString()}), got ${chirp.createdAt}`);
  });

  it('GET /api/chirps/:id of a chirp that does not exist answers 404 with a JSON error', async () => {
    const a = await app();
    const missing = 900_000_000 + rng.int(0, 99_999);
    expectJsonError(await request(`${a.url}/api/chirps/${missing}`), 404, `GET /api/chirps/${missing}`);
    expectJsonError(await request(`${a.url}/api/chirps/not-a-number`), [400, 404], 'GET /api/chirps/not-a-number');
  });

  it('DELETE /api/chirps/:id answers 204, after which the chirp is gone (404)', async () => {
    const a = await app();
    const chirp = await createChirp(a, { author: randomAuthor(rng), text: randomText(rng) });
    const keep = await createChirp(a, { author: randomAuthor(rng), text: randomText(rng) });
    const del = await request(`${a.url}/api/chirps/${chirp.id}`, { method: 'DELETE' });
    expectStatus(del, 204, `DELETE /api/chirps/${chirp.id}`);
    expectJsonError(await request(`${a.url}/api/chirps/${chirp.id}`), 404, `GET /api/chirps/${chirp.id} after deleting it`);
    expectJsonError(await request(`${a.url}/api/chirps/${chirp.id}`, { method: 'DELETE' }), 404, `DELETE /api/chirps/${chirp.id} a second time`);
    expectStatus(await request(`${a.url}/api/chirps/${keep.id}`), 200, `GET /api/chirps/${keep.id} (another chirp must not be deleted)`);
  });
});
