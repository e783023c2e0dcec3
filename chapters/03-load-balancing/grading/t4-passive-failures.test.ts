import { allocatePort, check, describeTask, excerpt, expectJsonError, request, RequestFailure, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { backendList, expectAllAnswered, formatCounts, paths, recordedCounts, sendMany, startBackends, startBalancer } from './support.ts';

describeTask('T4', () => {
  // Backends and a balancer shared by the tests that only change behaviour on their own paths.
  const pool = shared(async () => {
    const fakes = await startBackends(['s1', 's2', 's3']);
    const lb = await startBalancer({ BACKENDS: backendList(fakes) });
    return { fakes, lb };
  });

  it('a GET sent to a backend that refuses connections is retried on another backend', async () => {
    const fakes = (await pool()).fakes.slice(0, 2);
    // Nothing listens on this port: connecting to it is refused at once.
    const deadPort = await allocatePort();
    const lb = await startBalancer({ BACKENDS: `${fakes[0]!.url},http://127.0.0.1:${deadPort},${fakes[1]!.url}` });
    const outcomes = await sendMany(lb, paths('/t4/refused', 30), { concurrency: 2 });
    expectAllAnswered(outcomes, `30 GETs with one of three backends (127.0.0.1:${deadPort}) refusing connections, active health checks off`);
  });

  it('a POST whose connection was refused is retried: nothing of it had been sent', async () => {
    const fakes = (await pool()).fakes.slice(0, 2);
    const deadPort = await allocatePort();
    const lb = await startBalancer({ BACKENDS: `http://127.0.0.1:${deadPort},${fakes[0]!.url},${fakes[1]!.url}` }, 'your balancer (one backend refusing connections)');
    const tokens = Array.from({ length: 6 }, (_, i) => `refused-${seeded('T4 refused').string('abcdef0123456789', 10)}-${i}`);
    for (const token of tokens) {
      const res = await request(`${lb.url}/t4/refused-post`, { method: 'POST', body: { author: 'once', text: token } });
      check(res.status === 200, () => `POST /t4/refused-post with one of three backends (127.0.0.1:${deadPort}) refusing connections: a refused connection carried nothing, so the POST may go to another backend; expected 200, got ${res.status} ${excerpt(res.text)}`);
    }
    const bodies = (await Promise.all(fakes.map((fake) => fake.requests()))).flat().filter((r) => r.method === 'POST').map((r) => r.body);
    for (const token of tokens) {
      const copies = bodies.filter((body) => body.includes(token)).length;
      check(copies === 1, `POST /t4/refused-post (body with ${token}) reached the backends ${copies} times, expected exactly once`);
    }
  });

  it('a backend\'s own error answer is passed on, never retried', async () => {
    const { fakes, lb } = await pool();
    await Promise.all(fakes.map((fake) => fake.behave({ path: '/t4/error', status: 500, body: { error: 'the backend failed' } })));
    for (let i = 0; i < 6; i++) {
      const res = await request(`${lb.url}/t4/error/${i}`);
      check(res.status === 500, `GET /t4/error/${i}: every backend answers 500, and a 500 is an answer: the client should get it, got ${res.status} ${excerpt(res.text)}`);
    }
    const counts = await recordedCounts(fakes, '/t4/error/');
    const sent = Object.values(counts).reduce((a, b) => a + b, 0);
    check(sent === 6, `6 GETs whose backends answered 500 reached the backends ${sent} times (${formatCounts(counts)}); a backend's answer is never retried, so expected 6`);
  });

  it('a GET that gets no answer in time is retried; a POST gets 504 and reaches the backend once', async () => {
    const [slow, quick] = (await pool()).fakes;
    await slow!.behave({ path: '/t4/slow', hang: true });
    const both = await startBalancer({ BACKENDS: `${slow!.url},${quick!.url}`, PROXY_TIMEOUT_MS: '1000' }, 'your balancer (PROXY_TIMEOUT_MS=1000, one backend hanging)');
    const outcomes = await sendMany(both, paths('/t4/slow/get', 6), { concurrency: 1, timeoutMs: 8000 });
    expectAllAnswered(outcomes, `6 GETs, one at a time, with ${slow!.id} never answering (PROXY_TIMEOUT_MS=1000)`);
    const alone = await startBalancer({ BACKENDS: slow!.url, PROXY_TIMEOUT_MS: '1000' }, 'your balancer (PROXY_TIMEOUT_MS=1000, its one backend hanging)');
    const token = `slow-${seeded('T4 slow').string('abcdef0123456789', 10)}`;
    const res = await request(`${alone.url}/t4/slow/post`, { method: 'POST', body: { author: 'once', text: token }, timeoutMs: 8000 });
    check(res.status === 504, `POST /t4/slow/post to a backend that never answers (PROXY_TIMEOUT_MS=1000): expected 504 from the balancer, got ${res.status} ${excerpt(res.text)}`);
    const copies = (await slow!.requests()).filter((r) => r.method === 'POST' && r.body.includes(token)).length;
    check(copies === 1, `POST /t4/slow/post (body with ${token}) reached the hanging backend ${copies} times, expected exactly once`);
  });

  it('a GET whose connection is reset is retried on another backend', async () => {
    const { fakes, lb } = await pool();
    const resetter = seeded('T4 reset').pick(fakes);
    await resetter.behave({ path: '/t4/reset', reset: true });
    const outcomes = await sendMany(lb, paths('/t4/reset', 12), { concurrency: 2 });
    expectAllAnswered(outcomes, `12 GETs while ${resetter.id} resets every connection it gets`);
    const counts = await recordedCounts([resetter], '/t4/reset/');
    check(counts[resetter.id]! > 0, `${resetter.id} never received any of the 12 GETs, so nothing was retried; round robin should have tried it about 4 times`);
  });

  it('PUT, DELETE, HEAD, OPTIONS and TRACE are idempotent: after a reset they are retried like a GET', async () => {
    const { fakes, lb } = await pool();
    const resetter = seeded('T4 idempotent').pick(fakes);
    await resetter.behave({ path: '/t4/idempotent', reset: true });
    for (const method of ['PUT', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE']) {
      for (let i = 0; i < 6; i++) {
        const path = `/t4/idempotent/${method.toLowerCase()}-${i}`;
        const res = await request(`${lb.url}${path}`, { method, ...(method === 'PUT' ? { body: { text: `put ${i}` } } : {}) });
        check(res.status === 200, () => `${method} ${path} while ${resetter.id} resets every connection: ${method} is idempotent, so after a reset it may be sent to another backend; expected 200, got ${res.status} ${excerpt(res.text)}`);
      }
    }
    const counts = await recordedCounts([resetter], '/t4/idempotent/');
    check(counts[resetter.id]! > 0, `${resetter.id} never received any of the 30 requests, so nothing was retried; round robin should have tried it about 10 times`);
  });

  it('when every backend fails, each is tried once and the client gets a 502 at once', async () => {
    const ports = await Promise.all([allocatePort(), allocatePort(), allocatePort()]);
    const lb = await startBalancer({ BACKENDS: ports.map((port) => `http://127.0.0.1:${port}`).join(',') }, 'your balancer (every backend refusing connections)');
    for (const method of ['GET', 'POST']) {
      const started = Date.now();
      const res = await request(`${lb.url}/t4/nobody`, { method, ...(method === 'POST' ? { body: { text: 'x' } } : {}), timeoutMs: 5000 });
      expectJsonError(res, 502, `${method} /t4/nobody with all three backends refusing connections (each tried at most once)`);
      check(Date.now() - started < 3000, `${method} /t4/nobody with all three backends refusing connections took ${Date.now() - started} ms: refused connections fail at once, so three attempts take milliseconds`);
    }
  });

  it('a body larger than MAX_BODY_BYTES gets 413 and never reaches a backend', async () => {
    const { fakes } = await pool();
    const lb = await startBalancer({ BACKENDS: backendList(fakes), MAX_BODY_BYTES: '1024' }, 'your balancer (MAX_BODY_BYTES=1024)');
    const token = `big-${seeded('T4 big').string('abcdef0123456789', 10)}`;
    const res = await request(`${lb.url}/t4/big`, { method: 'POST', body: { text: token, pad: 'x'.repeat(4096) }, timeoutMs: 5000 });
    expectJsonError(res, 413, 'POST /t4/big with a 4 KB body and MAX_BODY_BYTES=1024');
    const small = await request(`${lb.url}/t4/small`, { method: 'POST', body: { text: 'small' } });
    check(small.status === 200, () => `POST /t4/small with a body under MAX_BODY_BYTES: expected 200 from a backend, got ${small.status} ${excerpt(small.text)}`);
    const copies = (await Promise.all(fakes.map((fake) => fake.requests()))).flat().filter((r) => r.body.includes(token)).length;
    check(copies === 0, `POST /t4/big: a body over MAX_BODY_BYTES must be refused at the balancer, but a backend received it ${copies} time(s)`);
  });

  it('no GET fails when one of three backends is killed in the middle of a load', async () => {
    const fakes = await startBackends(['k1', 'k2', 'k3']);
    const victim = seeded('T4 kill').pick(fakes);
    const lb = await startBalancer({ BACKENDS: backendList(fakes) });
    const outcomes = await sendMany(lb, paths('/t4/load', 300), {
      concurrency: 6,
      afterEach: (done) => {
        if (done === 100) victim.component.signal('SIGKILL');
      },
    });
    expectAllAnswered(outcomes, `300 GETs, 6 at a time, with ${victim.id} killed (SIGKILL) after the 100th and active health checks off`);
    const counts = await recordedCounts(fakes.filter((f) => f !== victim), '/t4/load/');
    check(Object.values(counts).reduce((a, b) => a + b, 0) >= 200, `after ${victim.id} died, the other two backends should have answered the rest; they counted ${formatCounts(counts)}`);
  });

  it('a POST is never sent twice: after a reset it reaches the backends once in all, and the client gets an error', async () => {
    const rng = seeded('T4 post');
    const { fakes, lb } = await pool();
    // Every backend reads the POST, then drops the connection without answering: a crash
    // half way through. Whether the chirp was stored is unknown, so the POST must not be repeated.
    await Promise.all(fakes.map((fake) => fake.behave({ path: '/t4/post', reset: true })));
    for (let i = 0; i < 4; i++) {
      const token = `post-${rng.string('abcdefghjkmnpqrstuvwxyz', 10)}`;
      let status: number | string;
      try {
        status = (await request(`${lb.url}/t4/post`, { method: 'POST', body: { author: 'once', text: token }, timeoutMs: 8000 })).status;
      } catch (error) {
        if (!(error instanceof RequestFailure)) throw error;
        status = error.code;
      }
      const copies = (await Promise.all(fakes.map((fake) => fake.requests()))).flat().filter((r) => r.method === 'POST' && r.body.includes(token)).length;
      check(copies === 1, `POST /t4/post (body with ${token}): backends that reset the connection received it ${copies} time(s) in all; it must be sent exactly once, never retried after it may have arrived`);
      check(
        typeof status === 'number' && status >= 502 && status <= 504,
        `POST /t4/post: the only backend tried reset the connection, so the client should get an error from the balancer (502), got ${status}`,
      );
    }
  });
});
