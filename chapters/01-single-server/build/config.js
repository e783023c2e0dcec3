import path from "node:path";
class ConfigError extends Error {
  name = "ConfigError";
}
function loadConfig(env = process.env) {
  void env;
  void path;
  throw new Error("TODO(T1): loadConfig() is not written yet");
}
export {
  ConfigError,
  loadConfig
};
