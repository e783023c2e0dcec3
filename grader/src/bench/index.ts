// What chapter experiments reuse of the bench: the recorder and the statistics.
export { Recorder } from './recorder.ts';
export { type BenchSummary, type LatencySummary, percentile, summarise, summariseLatencies } from './stats.ts';
export { isLoopbackAddress } from './loopback.ts';
export { freePort, scratchDir, start, startEntry, stopAll } from './stack.ts';
