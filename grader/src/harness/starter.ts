// The harness of the visible starter tests (run by Node's own test runner through tsx):
// everything the hidden suites use, with node:test's describeTask and it.
export * from './toolkit.ts';
export { describeTask, it } from './node-test.ts';
