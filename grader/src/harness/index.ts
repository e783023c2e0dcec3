// The harness of the hidden suites (run by the grader on Vitest): processes, ports, HTTP,
// fakes, assertions, and describeTask.
export * from './toolkit.ts';
export { describeTask, seeded } from './task.ts';
