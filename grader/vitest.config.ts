import { defineConfig } from 'vitest/config';

// The grader's own tests: unit tests of the harness and CLI, hostile fixture programs, a tiny
// fixture course. They spawn real processes, so they get real time budgets.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fixture course's suites are run by the grader under test, not directly.
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
