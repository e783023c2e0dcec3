import { check, describeTask, excerpt, request, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { createChirp, dbCounters, startStack, waitForFill } from './app-support.ts';

const BURST = 30;

/** Sends `count` GETs of one path at once and checks every answer. */
async function burst(url: string, count: number, expected: number): Promise<void> {
  const answers = await Promise.all(Array.from({ length: count }, () => request(url, { timeoutMs: 10_000 })));
  const wrong = answers.filter((res) => res.status !== expected);
  check(wrong.length === 0, () => `${count} concurrent GETs of ${url}: expected every answer to be ${expected}, ${wrong.length} were not (e.g. ${wrong[0]?.status} ${excerpt(wrong[0]?.text ?? '')})`);
}

describeTask('T6', () => {
  // Every cache answer arrives 100 ms late, so the whole burst is in flight at once.
  const stack = shared(async () => {
    const started = await startStack({ CACHE_TIMEOUT_MS: '2000' });
    // The app may start before its cache connection is up: wait until it fills the cache.
    const warm = await createChirp(started.app, 'warm_up', 'connected');
    await waitForFill(started, `/api/chirps/${warm.id}`, 'connected');
    return started;
  });

  it(`${BURST} concurrent reads of one cold chirp cost one SQLite read and one cache fill`, async () => {
    const { app, cache } = await stack();
    const chirp = await createChirp(app, 'stampede', 'everyone wants me');
    await cache.setMode({ delayMs: 100 });
    try {
      await cache.clearCommands();
      const before = await dbCounters(app);
      await burst(`${app.url}/api/chirps/${chirp.id}`, BURST, 200);
      const after = await dbCounters(app);
      const sets = (await cache.commands()).filter((c) => c.args[0]?.toUpperCase() === 'SET' && c.args[2]?.includes('everyone wants me'));
      check(after.gets - before.gets === 1, `${BURST} concurrent GETs of a chirp nobody read before: expected exactly 1 SQLite read (one fill, the rest wait for it), got ${after.gets - before.gets}`);
      check(sets.length === 1, `${BURST} concurrent GETs of one cold chirp: expected exactly 1 SET of it at the cache, saw ${sets.length}`);
    } finally {
      await cache.setMode({});
    }
  });

  it(`${BURST} concurrent reads of one cold timeline page cost one SQLite query`, async () => {
    const { app, cache } = await stack();
    await createChirp(app, 'herd', 'page one');
    await cache.setMode({ delayMs: 100 });
    try {
      const before = await dbCounters(app);
      await burst(`${app.url}/api/chirps?author=herd&limit=3`, BURST, 200);
      const after = await dbCounters(app);
      check(after.lists - before.lists === 1, `${BURST} concurrent GETs of /api/chirps?author=herd&limit=3: expected exactly 1 SQLite list query, got ${after.lists - before.lists}`);
    } finally {
      await cache.setMode({});
    }
  });

  it('different keys are not coalesced: distinct chirps each get their own read', async () => {
    const { app, cache } = await stack();
    const chirps = await Promise.all([1, 2, 3, 4].map((n) => createChirp(app, 'distinct', `chirp ${n}`)));
    await cache.setMode({ delayMs: 100 });
    try {
      const before = await dbCounters(app);
      const answers = await Promise.all(chirps.map((c) => request(`${app.url}/api/chirps/${c.id}`)));
      answers.forEach((res, i) => check(res.status === 200 && res.json<{ id: number }>().id === chirps[i]!.id, `GET /api/chirps/${chirps[i]!.id} in a burst of different chirps: expected that chirp, got ${res.status} ${excerpt(res.text)}`));
      const after = await dbCounters(app);
      check(after.gets - before.gets === 4, `4 concurrent GETs of 4 different cold chirps: expected 4 SQLite reads, got ${after.gets - before.gets}`);
    } finally {
      await cache.setMode({});
    }
  });

  it('a burst for a chirp that does not exist is answered 404 every time, and a later read still works', async () => {
    const { app, cache } = await stack();
    await cache.setMode({ delayMs: 100 });
    try {
      await burst(`${app.url}/api/chirps/987654321`, 10, 404);
    } finally {
      await cache.setMode({});
    }
    const chirp = await createChirp(app, 'after_miss', 'fine');
    const res = await request(`${app.url}/api/chirps/${chirp.id}`);
    check(res.status === 200, `GET /api/chirps/${chirp.id} after a burst of misses: expected 200, got ${res.status}`);
  });
});
