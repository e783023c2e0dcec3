// Chapter 02's hidden-suite helpers: start the learner's proxy in front of fake backends, and
// read what the backend saw from the fake's JSON echo or its request log.
import {
  check,
  excerpt,
  expectStatus,
  FakeBackend,
  type HttpResponse,
  type LearnerApp,
  type RecordedRequest,
  startLearnerApp,
} from '@scaling-lab/grader/harness';

/** What the fake backend answers by default: the request it received. */
export interface Echo {
  backend: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bodyBytes: number;
}

export interface Stack {
  proxy: LearnerApp;
  backend: FakeBackend;
}

export const startProxy = (env: Record<string, string>, name = 'your proxy'): Promise<LearnerApp> => startLearnerApp({ env, name });

/** A fake backend and the learner's proxy in front of it (BACKEND_URL), plus extra settings. */
export async function startStack(env: Record<string, string> = {}, id = 'backend'): Promise<Stack> {
  const backend = await FakeBackend.start(id);
  const proxy = await startProxy({ BACKEND_URL: backend.url, ...env });
  return { proxy, backend };
}

/** The fake backend's echo in a proxied response: proof the request went through, and how. */
export function echoOf(res: HttpResponse, action: string): Echo {
  expectStatus(res, 200, action);
  let echo: Echo | undefined;
  try {
    echo = JSON.parse(res.text) as Echo;
  } catch {
    // Reported below.
  }
  check(echo && typeof echo.url === 'string' && typeof echo.method === 'string', () => `${action}: expected the backend's answer to come through unchanged (a JSON echo of the request), got ${excerpt(res.text)}`);
  return echo!;
}

/** The one header value the backend received, lower-cased name; arrays joined as Node would. */
export function headerAt(echo: Pick<Echo, 'headers'>, name: string): string | undefined {
  const value = echo.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The requests the backend received for a path (exact URL match), oldest first. */
export async function requestsFor(backend: FakeBackend, url: string): Promise<RecordedRequest[]> {
  return (await backend.requests()).filter((r) => r.url === url);
}

/** A unique path per call, so tests sharing one backend never read each other's requests. */
let counter = 0;
export function uniquePath(prefix: string): string {
  return `${prefix}/${process.pid.toString(36)}-${++counter}`;
}
