// Provided: reading settings from environment variables, checked once at start-up. A bad value
// stops the program with a message that names the variable (chapter 01, T1). The helpers live
// in the course's shared Chirp package; read them in packages/chirp/src/env.ts.
export { ConfigError, type Env, loadOrExit, origin, port, text, wholeNumber } from '@scaling-lab/chirp';
