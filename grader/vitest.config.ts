import { defineConfig } from 'vitest/config';

// The grader's own tests: unit tests of the harness and CLI, hostile fixture programs, a tiny
// fixture course. They spawn real processes, so they get real time budgets.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
