import { ConfigError, loadConfig } from "./config.ts";
import { createApp } from "./app.ts";
import { ChirpStore } from "./store.ts";
function start() {
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
  server.on("error", (error) => {
    console.error(`chirp: cannot listen on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });
}
start();
