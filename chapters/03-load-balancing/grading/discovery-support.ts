// Helpers for chapter 03's service discovery tests (T6): the learner's registry, heartbeat
// sidecars for fake backends, and a registry that has gone bad.
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { check, childEnv, Component, excerpt, type FakeBackend, type LearnerApp, request, startLearnerApp, track } from '@scaling-lab/grader/harness';

/** The learner's registry program. */
export const startRegistry = (): Promise<LearnerApp> => startLearnerApp({ entry: 'registry', name: 'your registry' });

const AGENT = fileURLToPath(new URL('./fixtures/heartbeat-agent.mjs', import.meta.url));

export interface AgentOptions {
  registry: { url: string };
  service: string;
  backend: FakeBackend;
  ttlMs: number;
  heartbeatMs: number;
}

/** Starts the heartbeat sidecar for one fake backend (it registers it and keeps it alive). */
export function startAgent(options: AgentOptions): Promise<Component> {
  return Component.start(
    {
      name: `heartbeat agent for ${options.backend.id}`,
      command: process.execPath,
      args: [AGENT],
      env: childEnv({
        REGISTRY_URL: options.registry.url,
        SERVICE_NAME: options.service,
        INSTANCE_ID: options.backend.id,
        INSTANCE_URL: options.backend.url,
        TTL_MS: String(options.ttlMs),
        HEARTBEAT_MS: String(options.heartbeatMs),
      }),
    },
    track,
  );
}

export interface Instance {
  id: string;
  url: string;
  weight: number;
}

/** GET /services/:service on the registry, checked for shape. */
export async function listInstances(registry: { url: string }, service: string): Promise<Instance[]> {
  const action = `GET /services/${service} on your registry`;
  const res = await request(`${registry.url}/services/${service}`);
  check(res.status === 200, () => `${action}: expected status 200, got ${res.status} with body ${excerpt(res.text)}`);
  const body = res.json<{ instances?: unknown }>();
  check(Array.isArray(body?.instances), () => `${action}: expected {"service": "${service}", "instances": [...]}, got ${excerpt(res.text)}`);
  return body.instances as Instance[];
}

/**
 * A TCP listener that accepts and at once resets every connection, counting them: a registry
 * that has gone bad. Each count is one attempt by the balancer to refresh its list.
 */
export function startResettingListener(port: number): Promise<{ connections(): number; close(): Promise<void> }> {
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    socket.resetAndDestroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({ connections: () => count, close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
}

/** One answer of a stand-in registry: a status and a raw body, or "hang" for no answer at all. */
export type RegistryAnswer = { status: number; body: string } | 'hang';

/**
 * An HTTP server on the registry's port that answers every request with whatever `answer`
 * returns at that moment, counting the requests: a registry that misbehaves on purpose. A
 * request it hangs stays open until close().
 */
export function startStandInRegistry(port: number, answer: (count: number) => RegistryAnswer): Promise<{ requests(): number; close(): Promise<void> }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    const reply = answer(++count);
    req.resume();
    if (reply === 'hang') return;
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        requests: () => count,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
