// Reference for T1 and T6: start the server from configuration, stop it gracefully.
import { ConfigError, loadConfig } from './config.ts';
import { createApp } from './app.ts';
import { ChirpStore } from './store.ts';

/** How long in-flight requests get to finish after SIGTERM before we give up on them. */
const SHUTDOWN_GRACE_MS = 10_000;

function start(): void {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`chirp: ${error.message}`);
    process.exit(1);
  }

  const store = ChirpStore.open(config.dataDir);
  const server = createApp(config, store).listen(config.port, config.host, () => {
    console.log(`chirp ${config.instanceId} listening on http://${config.host}:${config.port} (data in ${config.dataDir})`);
  });
  server.on('error', (error) => {
    console.error(`chirp: cannot listen on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`chirp: ${signal} received, finishing in-flight requests`);
    // close() stops accepting connections at once, closes idle keep-alive connections, and
    // calls back when the last in-flight request has been answered.
    server.close(() => {
      // Only now is no request using the database: closing it checkpoints the WAL.
      store.close();
      console.log('chirp: stopped cleanly');
      process.exit(0);
    });
    // A client that never finishes its request must not keep us alive forever.
    setTimeout(() => {
      console.error(`chirp: requests still open after ${SHUTDOWN_GRACE_MS} ms, exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

start();
