import { check, describeTask, excerpt, expectJsonError, type HttpResponse, pollUntil, request, runContext, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { requestsFor, startProxy, startStack, uniquePath } from './support.ts';

const BURST = 5;
/** One token every 20 s: nothing refills during these tests unless a test waits for it. */
const SLOW = { RATE_LIMIT_BURST: String(BURST), RATE_LIMIT_PER_SECOND: '0.05' };
/** One token every 200 ms, and a bucket of one, for the refill test. */
const FAST = { RATE_LIMIT_BURST: '1', RATE_LIMIT_PER_SECOND: '5' };

/** A distinct client address per test and client (every 127.x.y.z is this machine). */
const client = (test: number, n: number) => `127.${60 + test}.${runContext().seed % 250}.${n + 2}`;

/** Retry-After is whole seconds, or an HTTP date (whole seconds too, so read with a second's slack); either way, when to come back. */
function retryAfterSeconds(res: HttpResponse): { seconds: number; slack: number } | undefined {
  const raw = String(res.headers['retry-after'] ?? '');
  if (/^\d+$/.test(raw)) return { seconds: Number(raw), slack: 0 };
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : { seconds: Math.round((date - Date.now()) / 1000), slack: 1 };
}

async function send(url: string, address: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  return request(url, { localAddress: address, headers });
}

describeTask('T5', () => {
  const slow = shared(() => startStack(SLOW));

  it('a client over its burst gets 429 with Retry-After and a JSON error, and the backend never sees it', async () => {
    const { proxy, backend } = await slow();
    const address = client(1, 1);
    const path = uniquePath('/api/t5-burst');
    const started = performance.now();
    for (let i = 1; i <= BURST; i++) {
      const res = await send(`${proxy.url}${path}`, address);
      check(res.status !== 429, `request ${i} of a burst of ${BURST} from ${address} (RATE_LIMIT_BURST=${BURST}): expected it to pass, got 429`);
    }
    const over = await send(`${proxy.url}${path}`, address);
    const action = `request ${BURST + 1} from ${address} (RATE_LIMIT_BURST=${BURST}, RATE_LIMIT_PER_SECOND=0.05)`;
    const elapsed = (performance.now() - started) / 1000;
    expectJsonError(over, 429, action);
    // The bucket was full at the first request and gains a token every 20 s: the next one is due
    // 20 s after that request, which is between 20 - elapsed and 20 s from now, rounded up.
    const wait = retryAfterSeconds(over);
    const low = Math.max(1, Math.ceil(20 - elapsed)) - (wait?.slack ?? 0);
    const high = 20 + (wait?.slack ?? 0);
    check(
      wait !== undefined && wait.seconds >= low && wait.seconds <= high,
      `${action}: expected Retry-After with the whole seconds until the next token, rounded up (${low === high ? low : `${low} to ${high}`}: one token every 20 s, and the first request came ${elapsed.toFixed(1)} s ago), got ${JSON.stringify(over.headers['retry-after'])}`,
    );
    // Another client's request to the same path, answered: anything the proxy sent on before it has arrived.
    await send(`${proxy.url}${path}`, client(1, 2));
    const seen = (await requestsFor(backend, path)).length - 1;
    check(seen === BURST, `${action}: the backend received ${seen} of the requests, expected ${BURST}: a refused request must not reach it`);
  });

  it('other clients keep their own allowance', async () => {
    const { proxy } = await slow();
    const greedy = client(2, 1);
    const path = uniquePath('/api/t5-others');
    let refused: HttpResponse | undefined;
    for (let i = 0; i < BURST + 3 && !refused; i++) {
      const res = await send(`${proxy.url}${path}`, greedy);
      if (res.status === 429) refused = res;
    }
    check(refused, `${BURST + 3} requests from ${greedy} (RATE_LIMIT_BURST=${BURST}): expected a 429 among them`);
    for (const n of [2, 3]) {
      const other = client(2, n);
      for (let i = 1; i <= BURST; i++) {
        const res = await send(`${proxy.url}${path}`, other);
        check(res.status !== 429, () => `request ${i} from ${other}, after ${greedy} used up its burst: expected it to pass, got 429 ${excerpt(res.text)}; every client has its own bucket`);
      }
    }
  });

  it('a client cannot escape its limit by writing X-Forwarded-For', async () => {
    const { proxy } = await slow();
    const address = client(3, 1);
    const path = uniquePath('/api/t5-forged');
    const statuses: number[] = [];
    for (let i = 0; i < BURST + 3; i++) {
      statuses.push((await send(`${proxy.url}${path}`, address, { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
    }
    check(statuses.includes(429), `${BURST + 3} requests from ${address}, each with a different X-Forwarded-For: expected a 429 after ${BURST}, got ${statuses.join(', ')}; limit by the socket's address, a header is whatever the client writes`);
  });

  it('tokens refill over time', async () => {
    const { backend } = await slow();
    const proxy = await startProxy({ ...FAST, BACKEND_URL: backend.url }, 'your proxy (fast refill)');
    const address = client(4, 1);
    const path = uniquePath('/api/t5-refill');
    // Twenty at once: only a few seconds of refill could let them all through.
    const burst = await Promise.all(Array.from({ length: 20 }, () => send(`${proxy.url}${path}`, address)));
    const statuses = burst.map((res) => res.status);
    const action = `20 simultaneous requests from ${address} (RATE_LIMIT_BURST=1, RATE_LIMIT_PER_SECOND=5)`;
    check(statuses.some((status) => status !== 429), `${action}: expected the first to pass (a new client's bucket is full: one token), got ${statuses.join(', ')}`);
    check(statuses.includes(429), `${action}: expected 429 for most of them, got ${statuses.join(', ')}`);
    await pollUntil(async () => (await send(`${proxy.url}${path}`, address)).status !== 429, {
      what: `${address} to be let through again as its bucket refills (RATE_LIMIT_PER_SECOND=5: a token every 200 ms)`,
      timeoutMs: 5000,
      intervalMs: 250,
    });
  });
});
