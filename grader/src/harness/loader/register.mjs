// Preloaded with `node --import` into every learner process the harness starts: installs the
// hooks that serve the learner's TypeScript from the grader's one-time compilation.
import { register } from 'node:module';

// LAB_LOADER_MAP: JSON [[sourceDir, compiledDir], ...]: the learner's code folder and the
// course's own workspace packages (the provided Chirp app) that it imports.
// LAB_LOADER_TRACE (verify only): a file to append each of the learner's files to as it loads.
register(new URL('./hooks.mjs', import.meta.url), {
  data: { folders: JSON.parse(process.env.LAB_LOADER_MAP || '[]'), trace: process.env.LAB_LOADER_TRACE },
});
