// Provided · Starts the proxy: the plain HTTP listener on PORT and, when TLS_PORT is set, the
// HTTPS listener (T8). SIGTERM or SIGINT closes both and exits once in-flight requests are done.
// Lesson: README.md, sections "Configuration" and "T8 · TLS termination".
import http from 'node:http';
import type { Server } from 'node:net';
import { ConfigError, loadConfig } from './config.ts';
import { createProxyApp } from './proxy-app.ts';
import { startTlsListener } from './tls.ts';

const SHUTDOWN_GRACE_MS = 10_000;

function start(): void {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`proxy: ${error.message}`);
    process.exit(1);
  }

  const { handler, forwarder } = createProxyApp(config);
  const servers: Server[] = [];
  const onListenError = (where: string) => (error: Error) => {
    console.error(`proxy: cannot listen on ${where}: ${error.message}`);
    process.exit(1);
  };

  const plain = http.createServer(handler);
  plain.on('error', onListenError(`${config.host}:${config.port}`));
  plain.listen(config.port, config.host, () => {
    const backends = config.abTest ? `A ${config.abTest.variantA}, B ${config.abTest.variantB}` : config.backendUrl;
    console.log(`proxy listening on http://${config.host}:${config.port}, forwarding to ${backends}`);
  });
  servers.push(plain);

  if (config.tls) {
    const secure = startTlsListener(handler, config.tls, config.host); // T8
    if (secure) {
      secure.on('error', onListenError(`${config.host}:${config.tls.port} (TLS)`));
      servers.push(secure);
    }
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`proxy: ${signal} received, finishing in-flight requests`);
    let open = servers.length;
    for (const server of servers) {
      server.close(() => {
        if (--open > 0) return;
        forwarder.close();
        process.exit(0);
      });
    }
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

start();
