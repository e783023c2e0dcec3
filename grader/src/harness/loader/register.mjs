// Preloaded with `node --import` into every learner process the harness starts: installs the
// hooks that serve the learner's TypeScript from the grader's one-time compilation.
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url), {
  data: { source: process.env.LAB_LOADER_SOURCE, compiled: process.env.LAB_LOADER_COMPILED },
});
