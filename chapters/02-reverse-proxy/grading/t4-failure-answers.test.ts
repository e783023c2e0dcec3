import { check, describeTask, excerpt, expectJsonError, expectStatus, FakeBackend, type HttpResponse, openRequest, pollUntil, request, RequestFailure, shared } from '@scaling-lab/grader/harness';
import { afterAll, it } from 'vitest';
import { ProbeBackend, type StreamingGet, streamingGet } from './support-probe.ts';
import { echoOf, startProxy, startStack, uniquePath } from './support.ts';

/** Short enough to keep the suite fast, fifteen times longer than the slow answer below. */
const TIMEOUT_MS = 1500;
/** A slow but healthy backend: well inside the timeout, even on a machine under load. */
const SLOW_MS = 100;
/** How long the test waits for the proxy's own answer to a hanging backend. */
const PATIENCE_MS = TIMEOUT_MS + 6000;

async function answerOrExplain(url: string, action: string): Promise<HttpResponse> {
  try {
    return await request(url, { timeoutMs: PATIENCE_MS });
  } catch (error) {
    if (error instanceof RequestFailure && error.code === 'TIMEOUT') {
      throw new RequestFailure(`${action}: expected the proxy to answer 504 after PROXY_TIMEOUT_MS=${TIMEOUT_MS}, but it had not answered after ${PATIENCE_MS / 1000} s`, 'TIMEOUT');
    }
    throw error;
  }
}

/** How a download ended: undefined when the connection was cut, as it should be. */
async function endOf(download: StreamingGet): Promise<string | undefined> {
  try {
    const { status, body } = await download.done;
    return `it ended as a complete answer (${status}, ${body.length} bytes): the client cannot tell it from a whole body`;
  } catch (error) {
    const message = (error as Error).message;
    return message.startsWith('no complete response') ? `nothing more came and the connection stayed open for ${PATIENCE_MS / 1000} s` : undefined;
  }
}

describeTask('T4', () => {
  const stack = shared(() => startStack({ PROXY_TIMEOUT_MS: String(TIMEOUT_MS) }));
  let probe: ProbeBackend | undefined;
  const probed = shared(async () => {
    probe = await ProbeBackend.start();
    return { probe, proxy: await startProxy({ BACKEND_URL: probe.url, PROXY_TIMEOUT_MS: String(TIMEOUT_MS) }, 'your proxy (in front of a streaming backend)') };
  });
  afterAll(async () => probe?.close());

  it('a backend that breaks the connection gets 502 with a JSON error', async () => {
    const { proxy, backend } = await stack();
    const path = uniquePath('/api/t4-reset');
    await backend.behave({ path, reset: true });
    const res = await request(`${proxy.url}${path}`);
    expectJsonError(res, 502, `GET ${path} (the backend closes the connection without answering)`);
    check(proxy.component.running, 'the proxy must survive a backend that resets connections');
  });

  it('a backend slower than PROXY_TIMEOUT_MS gets 504 with a JSON error, and it comes in time', async () => {
    const { proxy, backend } = await stack();
    const path = uniquePath('/api/t4-hang');
    await backend.behave({ path, hang: true });
    const action = `GET ${path} (the backend never answers; PROXY_TIMEOUT_MS=${TIMEOUT_MS})`;
    expectJsonError(await answerOrExplain(`${proxy.url}${path}`, action), 504, action);
    check(proxy.component.running, 'the proxy must survive a backend that times out');
  });

  it('a POST sent with "Expect: 100-continue" to a backend that never answers still gets 504 in time', async () => {
    const { proxy, backend } = await stack();
    const path = uniquePath('/api/t4-expect');
    await backend.behave({ path, hang: true });
    const body = JSON.stringify({ author: 'ada', text: 'waiting for 100 Continue' });
    const action = `POST ${path} with "Expect: 100-continue" (the backend never answers; PROXY_TIMEOUT_MS=${TIMEOUT_MS})`;
    const open = openRequest(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { expect: '100-continue', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      timeoutMs: PATIENCE_MS,
    });
    let res: HttpResponse;
    try {
      // A client that asked to be told "go on" sends its body only once it has been.
      await open.continued;
      res = await open.end(body);
    } catch (error) {
      if (error instanceof RequestFailure && error.code === 'TIMEOUT') {
        throw new RequestFailure(
          `${action}: expected the proxy to answer 504 after PROXY_TIMEOUT_MS=${TIMEOUT_MS}, but it had not answered after ${PATIENCE_MS / 1000} s. ` +
            'http-proxy emits no "proxyReq" for a request that still carries an Expect header, so a timer set there never starts (README.md, "T4 · Failure answers")',
          'TIMEOUT',
        );
      }
      throw error;
    }
    expectJsonError(res, 504, `${action}; see README.md, "T4 · Failure answers"`);
    check(proxy.component.running, 'the proxy must survive a backend that times out');
  });

  it('a backend that crashes or falls silent in the middle of a body: the client is cut off, and the proxy keeps going', async () => {
    const { proxy, probe } = await probed();
    const crashes = uniquePath('/hold/65536/65536');
    const stalls = uniquePath('/hold/65536/65536');
    const crashing = streamingGet(`${proxy.url}${crashes}`, PATIENCE_MS);
    const stalling = streamingGet(`${proxy.url}${stalls}`, PATIENCE_MS);
    try {
      await pollUntil(() => probe.holding(crashes) && probe.holding(stalls), { what: `GET ${crashes} and GET ${stalls} to reach the backend, which sends half of each body`, timeoutMs: 5000 });
      probe.cut(crashes);
      const [crashed, stalled] = await Promise.all([endOf(crashing), endOf(stalling)]);
      const why = 'the status line is already out, so cutting the client\'s connection is the only way left to say the body is incomplete (README.md, "T4 · Failure answers")';
      check(crashed === undefined, `GET ${crashes}: the backend sent half of the body, then its connection closed (the backend died); expected the client's connection to be cut too, but ${crashed}; ${why}`);
      check(stalled === undefined, `GET ${stalls}: the backend sent half of the body, then fell silent for longer than PROXY_TIMEOUT_MS=${TIMEOUT_MS}; expected the client's connection to be cut, but ${stalled}; ${why}`);
    } finally {
      probe.release(stalls);
    }
    check(proxy.component.running, 'the proxy must survive a backend that breaks off in the middle of a body');
    const after = uniquePath('/after');
    expectStatus(await request(`${proxy.url}${after}`), 200, `GET ${after} (the backend is healthy again)`);
  });

  it('a slow backend that answers within PROXY_TIMEOUT_MS is still forwarded', async () => {
    const { proxy, backend } = await stack();
    const path = uniquePath('/api/t4-slow');
    await backend.behave({ path, delayMs: SLOW_MS });
    const res = await request(`${proxy.url}${path}`);
    expectStatus(res, 200, `GET ${path} (the backend takes ${SLOW_MS} ms; PROXY_TIMEOUT_MS=${TIMEOUT_MS})`);
    check(res.text.includes(path), `GET ${path}: expected the backend's answer, got ${excerpt(res.text)}`);
  });

  it('a backend that is down gets 502 with a JSON error, and the proxy recovers when it returns', async () => {
    // The last test of the file: it kills the shared backend.
    const { proxy, backend } = await stack();
    const path = uniquePath('/api/t4-down');
    echoOf(await request(`${proxy.url}${path}`), `GET ${path} (backend up)`);
    backend.component.signal('SIGKILL');
    await backend.component.waitForExit(5000);
    const res = await request(`${proxy.url}${path}`);
    expectJsonError(res, 502, `GET ${path} while the backend is down`);
    check(proxy.component.running, 'the proxy must keep running while its backend is down');
    // The same address again, as after a restart or a deploy.
    const again = await FakeBackend.start('backend (restarted)', backend.port);
    await pollUntil(async () => (await request(`${proxy.url}${path}`)).status === 200, {
      what: `GET ${path} to succeed again once the backend is back on ${again.url}`,
      timeoutMs: 5000,
    });
  });
});
