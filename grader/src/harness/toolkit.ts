// What every suite uses, whatever runs it: processes, ports, HTTP, fakes, assertions. The hidden
// suites get it with Vitest's describeTask (index.ts), the visible tests with node:test's (starter.ts).
export { check, expectEqual, expectJson, expectJsonError, expectStatus } from './assert.ts';
export { childEnv } from './child-env.ts';
export { runContext } from './context.ts';
export { type Behaviour, FakeBackend, fillerBytes, type RecordedRequest } from './fake-backend.ts';
export { type CacheCommand, type CacheMode, FakeCache } from './fake-cache.ts';
export { excerpt, LabFailure } from './failure.ts';
export { expectNoTraversal, type TraversalOptions } from './traversal.ts';
export { type HttpResponse, openRequest, request, RequestFailure, type RequestOptions } from './http-client.ts';
export { freshDir, type LearnerApp, type LearnerAppOptions, startLearnerApp } from './learner-app.ts';
export { shared, track } from './components.ts';
export { formatSeconds, pollUntil } from './poll.ts';
export { allocatePort, releasePort } from './ports.ts';
export { Component, describeExit, type ExitInfo, type LabSignal, type SpawnSpec } from './process.ts';
export { Random } from './random.ts';
// Faults, histories, checkers and timelines for chapters 05 and 06 (replication, failover).
export * from './faults/index.ts';
