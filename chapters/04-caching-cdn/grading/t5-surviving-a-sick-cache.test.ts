import { check, describeTask, FakeCache, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { type Chirp, createChirp, getJson, health, type Stack, startStack } from './app-support.ts';

/** Reads a chirp and times it; the answer must be the chirp, from SQLite if need be. */
async function timedRead(stack: Stack, chirp: Chirp, what: string): Promise<number> {
  const started = Date.now();
  const res = await request(`${stack.app.url}/api/chirps/${chirp.id}`, { timeoutMs: 5000 });
  const ms = Date.now() - started;
  check(res.status === 200 && res.json<Chirp>().text === chirp.text, () => `GET /api/chirps/${chirp.id} ${what}: expected 200 with the chirp (from SQLite), got ${res.status} ${res.text.slice(0, 120)}`);
  return ms;
}

const cacheStatus = async (stack: Stack) => (await health(stack.app)).cache?.status;

async function expectCacheStatus(stack: Stack, wanted: 'up' | 'down', what: string, trigger: () => Promise<unknown>): Promise<void> {
  await pollUntil(async () => {
    await trigger();
    return (await cacheStatus(stack)) === wanted;
  }, { what: `GET /healthz to report "cache": {"status": "${wanted}"} ${what} (it says ${JSON.stringify((await health(stack.app)).cache)})`, timeoutMs: 8000, intervalMs: 100 });
}

describeTask('T5', () => {
  it('a dead cache costs nothing but speed: reads and writes keep working, /healthz says down, and the app reconnects', async () => {
    const stack = await startStack({ CACHE_TIMEOUT_MS: '150' });
    const chirp = await createChirp(stack.app, 'dead_cache', 'still here');
    await getJson(stack.app, `/api/chirps/${chirp.id}`);
    await expectCacheStatus(stack, 'up', 'while the cache answers', () => getJson(stack.app, `/api/chirps/${chirp.id}`));

    stack.cache.component.signal('SIGKILL');
    await stack.cache.component.exited;
    for (let i = 0; i < 5; i++) {
      const ms = await timedRead(stack, chirp, 'with the cache killed');
      check(ms < 2000, `GET /api/chirps/${chirp.id} with the cache killed took ${ms} ms; a dead cache must not hold a request (CACHE_TIMEOUT_MS=150)`);
    }
    const created = await createChirp(stack.app, 'dead_cache', 'written while the cache is dead');
    await getJson(stack.app, `/api/chirps/${created.id}`);
    await expectCacheStatus(stack, 'down', 'after the cache was killed', () => timedRead(stack, chirp, 'with the cache killed'));

    await stack.cache.restart();
    await stack.cache.clearCommands();
    await expectCacheStatus(stack, 'up', 'after the cache came back on the same port', () => timedRead(stack, chirp, 'after the cache came back'));
    await pollUntil(async () => {
      await timedRead(stack, chirp, 'after the cache came back');
      return (await stack.cache.commands()).some((c) => c.args[0]?.toUpperCase() === 'GET');
    }, { what: 'reads to reach the restarted cache again (reconnect in the background)', timeoutMs: 8000, intervalMs: 100 });
  });

  it('a paused cache (SIGSTOP) costs each request at most about CACHE_TIMEOUT_MS', async () => {
    const stack = await startStack({ CACHE_TIMEOUT_MS: '150' });
    const chirp = await createChirp(stack.app, 'paused_cache', 'answer me anyway');
    await getJson(stack.app, `/api/chirps/${chirp.id}`);
    stack.cache.component.signal('SIGSTOP');
    try {
      const times: number[] = [];
      for (let i = 0; i < 6; i++) times.push(await timedRead(stack, chirp, 'with the cache paused'));
      times.sort((a, b) => a - b);
      const median = times[3]!;
      check(median < 1000, `6 reads with the cache paused took ${times.join(', ')} ms; with CACHE_TIMEOUT_MS=150 each should give up on the cache and answer from SQLite well under a second`);
      const created = await createChirp(stack.app, 'paused_cache', 'written while the cache is paused');
      check(created.id > chirp.id, 'a write while the cache is paused must still be stored');
      await expectCacheStatus(stack, 'down', 'while the cache is paused', () => timedRead(stack, chirp, 'with the cache paused'));
    } finally {
      stack.cache.component.signal('SIGCONT');
    }
  });

  it('a cache that answers garbage is treated as down, and the answers stay correct', async () => {
    const stack = await startStack({ CACHE_TIMEOUT_MS: '150' });
    const chirp = await createChirp(stack.app, 'garbage', 'the real text');
    await getJson(stack.app, `/api/chirps/${chirp.id}`);
    await stack.cache.setMode({ garbage: true });
    for (let i = 0; i < 4; i++) await timedRead(stack, chirp, 'while the cache answers bytes that are not RESP');
    const page = await getJson<{ chirps: Chirp[] }>(stack.app, '/api/chirps?author=garbage');
    check(page.chirps.some((c) => c.id === chirp.id), 'GET /api/chirps?author=garbage while the cache answers garbage: expected the page from SQLite');
    await expectCacheStatus(stack, 'down', 'while the cache answers garbage', () => timedRead(stack, chirp, 'while the cache answers garbage'));
  });

  it('starts without a cache (nothing listening at CACHE_URL) and uses it once it appears', async () => {
    const late = await FakeCache.start();
    const port = late.port;
    const control = late.controlPort;
    await late.component.stop();
    const app = await startLearnerApp({ name: 'your app', env: { CACHE_URL: `redis://127.0.0.1:${port}`, CACHE_TIMEOUT_MS: '150' } });
    const chirp = await createChirp(app, 'late_cache', 'before the cache');
    const stack: Stack = { app, cache: late };
    await timedRead(stack, chirp, 'with no cache running');
    await expectCacheStatus(stack, 'down', 'with no cache running', () => timedRead(stack, chirp, 'with no cache running'));
    stack.cache = await FakeCache.start(port, control);
    await expectCacheStatus(stack, 'up', 'once a cache listens at CACHE_URL', () => timedRead(stack, chirp, 'once the cache is up'));
  });
});
