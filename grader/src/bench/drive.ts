// Steady-state load for the chapter scenarios, driven by autocannon: it reaches a higher rate
// than load.ts's node:http client on the same machine (tools/README.md has the measurement), so
// the generator is less often the bottleneck of the experiment. Its histogram keeps whole
// milliseconds, too coarse for loopback, so every response time (hrtime, a float) goes into
// our Recorder instead, with the errors, and the percentiles come from there.
// What autocannon lacks stays here: the loopback refusal and the caps of args.ts.
import autocannon from 'autocannon';
import { UsageError } from '../errors.ts';
import { LIMITS } from './args.ts';
import { isLoopbackAddress } from './loopback.ts';
import { Recorder } from './recorder.ts';

export interface SteadyLoad {
  url: string;
  connections: number;
  durationMs: number;
  method?: 'GET' | 'POST';
  body?: string;
  /** Each request's path (and query), chosen as it is sent: a skewed read mix. Default: the url's. */
  path?: () => string;
  /** Incremented for every response, also those after the deadline that the Recorder leaves out:
   *  for comparing with a server's own counters, which see them all. */
  allResponses?: { count: number };
}

export function checkLoad(load: SteadyLoad): void {
  const host = new URL(load.url).hostname;
  if (!isLoopbackAddress(host)) throw new UsageError(`refusing to send load to "${host}": bench only targets 127.0.0.0/8 and ::1`);
  if (!(load.connections >= 1 && load.connections <= LIMITS.maxConnections)) throw new UsageError(`connections must be 1-${LIMITS.maxConnections}, got ${load.connections}`);
  if (!(load.durationMs > 0 && load.durationMs <= LIMITS.maxDurationS * 1000)) throw new UsageError(`a run lasts up to ${LIMITS.maxDurationS} s, got ${load.durationMs / 1000} s`);
}

/** One measured run; the Recorder holds every latency and error of it. */
export async function driveSteady(load: SteadyLoad): Promise<Recorder> {
  checkLoad(load);
  const recorder = new Recorder(Math.max(1, Math.ceil(load.durationMs / 1000)));
  // autocannon checks its clock only at each sample (sampleInt), so it overruns the duration by
  // up to one sample: the Recorder closes at the deadline itself and ignores the overrun.
  let open = true;
  const deadline = setTimeout(() => {
    open = false;
    recorder.finish();
  }, load.durationMs);
  await new Promise<void>((resolve, reject) => {
    // The callback form returns the instance, whose per-request events we listen to.
    const instance = autocannon({
      url: load.url,
      connections: load.connections,
      duration: load.durationMs / 1000,
      method: load.method ?? 'GET',
      ...(load.body === undefined ? {} : { body: load.body, headers: { 'content-type': 'application/json' } }),
      timeout: 5,
      sampleInt: 50,
      ...(load.path ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: load.path!() }) }] } : {}),
    }, (error) => (error ? reject(error) : resolve()));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (load.allResponses) load.allResponses.count++;
      if (open) recorder.response(statusCode, responseTime);
    });
    instance.on('reqError', (error) => open && recorder.error(error));
  }).finally(() => clearTimeout(deadline));
  recorder.finish();
  return recorder;
}
