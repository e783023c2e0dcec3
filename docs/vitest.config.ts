import { defineConfig } from 'vitest/config';

// Unit tests of the builder run against a fixture course; the browser test builds the real
// book and drives Chromium, so it gets a generous budget on a busy two-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
