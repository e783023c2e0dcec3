// Faults, histories and checkers for the replication and failover chapters (05, 06): a seeded
// workload runs through fault proxies, a History records it, checkers judge it, a timeline shows it.
export { checkConvergence, type NodeContent } from './convergence-checker.ts';
export { checkOneWriterPerEpoch } from './epoch-checker.ts';
export { type FaultDirection, FaultProxy, type FaultProxyOptions, type ProxyCounts, type ProxyEvent } from './fault-proxy.ts';
export { type ClientEvent, type Completion, History, type HistoryEvent, type Invocation, type NemesisEvent, type NemesisSink, type Outcome } from './history.ts';
export { type CheckResult, describeOp, type HistoryLike, type Operation, operations } from './operations.ts';
export { completionFromResponse, outcomeOfError, outcomeOfStatus } from './outcomes.ts';
export { checkMonotonicReads, checkReadYourWrites, type MonotonicOptions, type SessionCheckOptions } from './session-checkers.ts';
export { checkSet, type SetCheckOptions } from './set-checker.ts';
export { renderTimeline, type TimelineOptions, writeTimeline } from './timeline.ts';
export { generateWorkload, type PlannedOp, runWorkload, type WorkloadRunOptions, type WorkloadOptions } from './workload.ts';
export { expectHistoryValid, type VerdictOptions } from './verdict.ts';
