import { check, describeTask, excerpt, expectJsonError, type HttpResponse, pollUntil, request, runContext, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { requestsFor, startProxy, startStack, uniquePath } from './support.ts';

const BURST = 5;
/** One token every 20 s: nothing refills during these tests unless a test waits for it. */
const SLOW = { RATE_LIMIT_BURST: String(BURST), RATE_LIMIT_PER_SECOND: '0.05' };
/** One token every 200 ms, for the refill test. */
const FAST = { RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_SECOND: '5' };

/** A distinct client address per test and client (every 127.x.y.z is this machine). */
const client = (test: number, n: number) => `127.${60 + test}.${runContext().seed % 250}.${n + 2}`;

/** Retry-After is whole seconds, or an HTTP date; either way, when to come back. */
function retryAfterSeconds(res: HttpResponse): number | undefined {
  const raw = String(res.headers['retry-after'] ?? '');
  if (/^\d+$/.test(raw)) return Number(raw);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.round((date - Date.now()) / 1000);
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
    for (let i = 1; i <= BURST; i++) {
      const res = await send(`${proxy.url}${path}`, address);
      check(res.status !== 429, `request ${i} of a burst of ${BURST} from ${address} (RATE_LIMIT_BURST=${BURST}): expected it to pass, got 429`);
    }
    const over = await send(`${proxy.url}${path}`, address);
    const action = `request ${BURST + 1} from ${address} (RATE_LIMIT_BURST=${BURST}, RATE_LIMIT_PER_SECOND=0.05)`;
    expectJsonError(over, 429, action);
    const wait = retryAfterSeconds(over);
    check(wait !== undefined && wait >= 1 && wait <= 21, `${action}: expected Retry-After with the seconds until the next token (about 20), got ${JSON.stringify(over.headers['retry-after'])}`);
    const seen = (await requestsFor(backend, path)).length;
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
    check(statuses.includes(429), `20 simultaneous requests from ${address} (RATE_LIMIT_BURST=2, RATE_LIMIT_PER_SECOND=5): expected 429 for most of them, got ${statuses.join(', ')}`);
    await pollUntil(async () => (await send(`${proxy.url}${path}`, address)).status !== 429, {
      what: `${address} to be let through again as its bucket refills (RATE_LIMIT_PER_SECOND=5: a token every 200 ms)`,
      timeoutMs: 5000,
      intervalMs: 250,
    });
  });
});
