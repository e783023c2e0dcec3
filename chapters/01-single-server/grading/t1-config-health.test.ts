import { check, expectJson, expectStatus, request, seeded, describeTask, shared } from '@scaling-lab/grader/harness';
import net from 'node:net';
import { beforeAll, it } from 'vitest';
import { startChirp } from './support.ts';

/** Whether something accepts TCP connections on host:port (refused, unreachable or silent: no). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(2000, () => done(false));
  });
}

/**
 * The lines the program wrote itself. Node's error for a bad port says "ERR_SOCKET_BAD_PORT" and
 * quotes the number it was given ("Received type number (70000)"), so a program that checks
 * nothing and dies in listen() would otherwise seem to name PORT and the value.
 */
function ownLines(output: string): string[] {
  return output.split('\n').filter((line) => !line.includes('ERR_SOCKET_BAD_PORT') && !/^\s+at /.test(line));
}

/** What is wrong with how the app treats PORT=`port`, or undefined when it refuses it properly. */
async function portRefusal(port: string): Promise<string | undefined> {
  const bad = await startChirp({ env: { PORT: port }, noWait: true, name: `your app (PORT=${port})` });
  const exit = await bad.component.waitForExit(8000);
  if (exit.code === 0 || exit.code === null) {
    return `with PORT=${port}: expected the process to exit with a non-zero code, got ${exit.signal ?? `code ${exit.code}`}`;
  }
  const output = bad.component.outputTail().text;
  const lastLine = output.trim().split('\n').at(-1) || '(no output)';
  const named = ownLines(output).some((line) => /\bPORT\b/.test(line) && line.includes(port));
  if (named) return undefined;
  return `with PORT=${port}: expected a message of your own that names PORT and the bad value, like: chirp: PORT must be a whole number from 0 to 65535, got "${port}" (Node's own ERR_SOCKET_BAD_PORT error from listen() does not count: it names listen()'s option, not your variable); the output ends with: ${lastLine}`;
}

/** What is wrong with how the app treats INSTANCE_ID=`id` (1 to 64 of A-Z a-z 0-9 . _ -), or undefined when it refuses it. */
async function instanceRefusal(id: string): Promise<string | undefined> {
  const shown = id.length > 20 ? `${id.length} characters` : JSON.stringify(id);
  const bad = await startChirp({ env: { INSTANCE_ID: id }, instanceId: id, noWait: true, name: `your app (INSTANCE_ID=${shown})` });
  const exit = await bad.component.waitForExit(8000);
  if (exit.code === 0 || exit.code === null) {
    return `with INSTANCE_ID=${shown} (1 to 64 of A-Z a-z 0-9 . _ -): expected the process to exit with a non-zero code, got ${exit.signal ?? `code ${exit.code}`}`;
  }
  const output = bad.component.outputTail().text;
  if (/\bINSTANCE_ID\b/.test(output)) return undefined;
  return `with INSTANCE_ID=${shown}: expected a message of your own that names INSTANCE_ID; the output ends with: ${output.trim().split('\n').at(-1) || '(no output)'}`;
}

describeTask('T1', () => {
  const rng = seeded('T1');
  const instanceId = `chirp-${rng.string('abcdefghjkmnpqrstuvwxyz23456789', 8)}`;
  const app = shared(() => startChirp({ instanceId }));
  // One program for both defaults: every program T1 starts delays the first line a learner sees.
  const defaults = shared(() => startChirp({ env: { INSTANCE_ID: undefined, HOST: undefined }, instanceId: '', name: 'your app (HOST and INSTANCE_ID unset)' }));
  const instanceProblems = shared(() => Promise.all(['trailing!', '!leading', 'x'.repeat(65)].map(instanceRefusal)));
  const portProblems = shared(() => Promise.all(['12ab', '70000', 'http', '-1'].map(portRefusal)));
  // Every program T1 needs starts at once, before the first test: each start costs a process,
  // and T1's result is the first line a learner waits for. Each test still reports only its own.
  beforeAll(() => {
    for (const start of [app, defaults, instanceProblems, portProblems]) void start().catch(() => {});
  });

  it('GET /healthz answers 200 with status "ok" and the INSTANCE_ID it was given', async () => {
    const { url } = await app();
    const res = await request(`${url}/healthz`);
    expectStatus(res, 200, 'GET /healthz');
    const body = expectJson<Record<string, unknown>>(res, 'GET /healthz');
    check(body.status === 'ok', `GET /healthz: expected "status": "ok", got ${JSON.stringify(body.status)}`);
    check(body.instance === instanceId, `GET /healthz: expected "instance": "${instanceId}" (the INSTANCE_ID variable), got ${JSON.stringify(body.instance)}`);
    check(typeof body.role === 'string' && body.role !== '', `GET /healthz: expected a "role" string such as "standalone", got ${JSON.stringify(body.role)}`);
  });

  it('listens on the HOST and PORT it is given', async () => {
    // The harness chose the port; reaching the app on it at all is the check.
    const { url, port } = await app();
    const res = await request(`${url}/healthz`);
    expectStatus(res, 200, `GET /healthz on 127.0.0.1:${port}`);
  });

  it('without INSTANCE_ID, /healthz still names the instance', async () => {
    const other = await defaults();
    const body = expectJson<Record<string, unknown>>(await request(`${other.url}/healthz`), 'GET /healthz');
    check(typeof body.instance === 'string' && body.instance !== '', `GET /healthz: with INSTANCE_ID unset, expected a default instance name, got ${JSON.stringify(body.instance)}`);
  });

  it('without HOST, listens on 127.0.0.1 only, off the network', async () => {
    const other = await defaults();
    expectStatus(await request(`${other.url}/healthz`), 200, 'GET /healthz on 127.0.0.1 with HOST unset');
    // On Linux every 127.x.y.z is this machine: a server on 127.0.0.1 alone does not answer on
    // 127.0.0.2, one on every address (0.0.0.0, what listen() does without a host) does.
    check(
      !(await accepts('127.0.0.2', other.port)),
      `with HOST unset: expected the default HOST 127.0.0.1, which answers on 127.0.0.1 only, but port ${other.port} also answers on 127.0.0.2: the server listens on every address, so other machines could reach it`,
    );
  });

  it('refuses to start with INSTANCE_ID="trailing!", "!leading" or 65 characters, naming the variable', async () => {
    const found = (await instanceProblems()).filter((problem) => problem !== undefined);
    check(found.length === 0, found.join('\n'));
  });

  it('refuses to start with PORT=12ab, 70000, http or -1, naming the variable', async () => {
    const found = (await portProblems()).filter((problem) => problem !== undefined);
    check(found.length === 0, found.join('\n'));
  });
});
