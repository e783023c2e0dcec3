// bench's command line: every flag is checked here, and every limit is enforced here, so the
// load loop can trust its options. A mistake is a UsageError: one line, exit code 2.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import { isLoopbackAddress } from './loopback.ts';

export const LIMITS = { maxConnections: 256, maxDurationS: 60, maxWarmupS: 10, maxRequests: 1_000_000, maxTimeoutMs: 60_000 };
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export interface BenchOptions {
  url: URL;
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationMs: number;
  /** The run stops after this many requests, or at the end of the duration, whichever is first. */
  maxRequests: number;
  warmupMs: number;
  /** A request with no complete response after this long counts as a "timeout" error. */
  timeoutMs: number;
  json: boolean;
}

export type BenchCommand = { command: 'help' } | { command: 'run'; options: BenchOptions };

export const USAGE = `Usage: npm run bench -- --url <loopback url> [options]
       npm run bench -- <chapter> [--solution] [--compare <peer>]   (npm run bench -- 02 --help)

Sends HTTP requests from N concurrent keep-alive connections for a while, then prints the
throughput, the latency percentiles, the status codes and the network errors it saw.

Options:
  --url <url>          target; only loopback hosts (127.x.y.z, localhost, [::1])
  --connections <n>    concurrent connections, 1-${LIMITS.maxConnections} (default 1)
  --duration <s>       seconds to measure, up to ${LIMITS.maxDurationS}; decimals allowed (default 5)
  --requests <n>       stop after n requests, up to ${LIMITS.maxRequests} (default: no limit but the duration)
  --warmup <s>         seconds of unmeasured load first, up to ${LIMITS.maxWarmupS} (default 0);
                       it obeys --requests on its own
  --method <m>         ${METHODS.join(', ')} (default GET)
  --body <text>        request body; sent with content-type application/json unless
                       a --header sets another content-type
  --header 'n: v'      extra request header, repeatable
  --timeout <ms>       per-request time limit, up to ${LIMITS.maxTimeoutMs} (default 5000)
  --json               print the result as JSON

Example:
  npm run bench -- --url http://127.0.0.1:3000/api/chirps --connections 4 --duration 5`;

function number(flag: string, raw: string | undefined, min: number, max: number, fallback: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const shape = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const value = Number(raw);
  if (!shape.test(raw) || value < min || value > max) {
    throw new UsageError(`--${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function parseUrl(raw: string | undefined): URL {
  if (raw === undefined) throw new UsageError('--url is required', 'Example: npm run bench -- --url http://127.0.0.1:3000/healthz');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url "${raw}" is not a URL; write it in full, like http://127.0.0.1:3000/healthz`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url must start with http:// or https://, got "${raw}"`);
  if (url.username || url.password) throw new UsageError('--url must not carry a user name or password');
  const host = url.hostname.toLowerCase();
  if (host !== 'localhost' && !isLoopbackAddress(host)) {
    throw new UsageError(`refusing to send load to "${url.hostname}": bench only targets this machine (127.0.0.0/8, localhost, ::1)`);
  }
  return url;
}

function parseHeaders(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw) {
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!match || /[\r\n]/.test(line)) throw new UsageError(`--header must look like 'name: value', got "${line}"`);
    const name = match[1]!.toLowerCase();
    // bench frames the requests and manages the connections itself.
    if (['content-length', 'transfer-encoding', 'connection'].includes(name)) throw new UsageError(`--header ${name} is set by bench itself; leave it out`);
    headers[name] = match[2]!;
  }
  return headers;
}

export function parseBenchArgs(argv: string[]): BenchCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        connections: { type: 'string' },
        duration: { type: 'string' },
        requests: { type: 'string' },
        warmup: { type: 'string' },
        method: { type: 'string' },
        body: { type: 'string' },
        header: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), 'Run "npm run bench -- --help" for the options.');
  }
  if (values.help) return { command: 'help' };
  const method = (values.method ?? 'GET').toUpperCase();
  if (!METHODS.includes(method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}, got "${values.method}"`);
  const headers = parseHeaders(values.header ?? []);
  if (values.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  return {
    command: 'run',
    options: {
      url: parseUrl(values.url),
      method,
      headers,
      body: values.body,
      connections: number('connections', values.connections, 1, LIMITS.maxConnections, 1, true),
      durationMs: Math.round(number('duration', values.duration, 0.1, LIMITS.maxDurationS, 5, false) * 1000),
      maxRequests: number('requests', values.requests, 1, LIMITS.maxRequests, LIMITS.maxRequests, true),
      warmupMs: Math.round(number('warmup', values.warmup, 0, LIMITS.maxWarmupS, 0, false) * 1000),
      timeoutMs: number('timeout', values.timeout, 1, LIMITS.maxTimeoutMs, 5000, true),
      json: values.json,
    },
  };
}
