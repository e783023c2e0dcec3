// Preloaded into every test worker (`node --import`). A worker talks to its grader over an IPC
// channel; when the grader is gone without stopping it (killed outright, or crashed), the channel
// closes and nobody would ever end the worker: Vitest's fork worker then spins on the closed
// channel at a full core, its memory growing, with the learner's programs still running. Leaving
// at once runs the harness's exit handlers, which kill those programs (components.ts).
// Node's own exit, kept before the test runner replaces process.exit with one that throws.
const exit = process.exit.bind(process);
process.once('disconnect', () => exit(1));
