// What chapter experiments reuse of the bench: the recorder and the statistics.
export { type BarChartOptions, type BarGroup, type BarPanel, barChartSpec, renderBarChart } from './bar-chart.ts';
export { type LineChartOptions, type LineSeries, lineChartSpec, renderLineChart } from './line-chart.ts';
export { type Bucket, type BucketChartOptions, bucketChartSpec, renderBucketChart } from './bucket-chart.ts';
export { driveSteady, type SteadyLoad } from './drive.ts';
export { Recorder } from './recorder.ts';
export { type BenchSummary, type LatencySummary, percentile, summarise, summariseLatencies } from './stats.ts';
export { isLoopbackAddress } from './loopback.ts';
export { freePort, scratchDir, start, startEntry, stopAll } from './stack.ts';
// Fault experiments record and judge histories the way the hidden suites do.
// (Each from its own file: the faults index also holds the fault proxy, which needs vitest.)
export { checkOneWriterPerEpoch } from '../harness/faults/epoch-checker.ts';
export { History } from '../harness/faults/history.ts';
export { completionFromResponse } from '../harness/faults/outcomes.ts';
export { checkSet } from '../harness/faults/set-checker.ts';
export { Random } from '../harness/random.ts';
