// Types of node-test-reporter.mjs (plain JavaScript, since Node loads reporters before tsx).
import type { TestOutcome } from './run-vitest.ts';

/** One line the reporter prints: a test's outcome, or an error outside any test. */
export type ReportedLine = { outcome: TestOutcome } | { error: string };

export default function nodeTestReporter(source: AsyncIterable<{ type: string; data: unknown }>): AsyncGenerator<string>;
