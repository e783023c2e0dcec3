// T1, T6 · Start the server from its configuration; stop it gracefully on SIGTERM.
// Lesson: README.md, sections "T1" and "T6 · Graceful shutdown".
import { ConfigError, loadConfig } from './config.ts';
import { createApp } from './app.ts';
import { ChirpStore } from './store.ts';

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
    console.log(`chirp ${config.instanceId} listening on http://${config.host}:${config.port}`);
  });
  server.on('error', (error) => {
    console.error(`chirp: cannot listen on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });

  // TODO(T6): on SIGTERM (and SIGINT), stop accepting connections, let in-flight requests
  // finish, close the store, then exit with code 0.
}

start();
