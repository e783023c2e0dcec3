// T8 and T9 · Every request that is not for the edge's own APIs: answer it from the store when
// RFC 9111 allows, otherwise ask the origin (once per URL however many clients are waiting),
// store what may be stored, and pass everything else through. Unsafe methods: unsafe.ts.
// Lesson: README.md, sections "T8 · A shared cache that follows RFC 9111" and
// "T9 · Stale content, collapsed forwarding and purge".
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CacheStore } from './cache-store.ts';
import type { EdgeConfig } from './config.ts';
import { clientHasCurrent, clientWantsValidation, currentAge, freshnessLifetime, isStorable, mayServeStale, parseCacheControl, seconds } from './freshness.ts';
import { describeError, endToEnd, type Headers, headerText, sendJson } from './http-util.ts';
import { askOrigin, type OriginAnswer, passThrough, readUpTo } from './origin.ts';
import type { StoredResponse } from './stored.ts';
import { forwardUnsafe } from './unsafe.ts';
import { matchesRequest, variantKey, varyNames } from './vary.ts';

export interface HandlerDeps {
  config: EdgeConfig;
  store: CacheStore;
  agent: http.Agent;
}

export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'REVALIDATED';

/** What one trip to the origin for a GET came to. */
type Outcome =
  | { kind: 'stored' | 'revalidated'; entry: StoredResponse }
  /** Not stored (not storable, too big, or an error status): pass it on. */
  | { kind: 'pass'; answer: OriginAnswer; head: Buffer }
  | { kind: 'failed'; error: unknown };

/** Request headers a conditional of the client's own would turn into a 304 we could not store. */
const CLIENT_CONDITIONALS = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range'];

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { config, store, agent } = deps;
  /** Collapsed forwarding: URL -> the trip to the origin in progress for it. */
  const flights = new Map<string, Promise<void>>();

  /**
   * What the rules say about a stored response, worked out on its first use and remembered:
   * stored entries never change (a 304 makes a new one), so a hit need not parse headers again.
   */
  interface Verdict {
    lifetimeMs: number;
    /** currentAge() at the moment it arrived; the age grows one for one with time after that. */
    arrivalAgeMs: number;
    noCache: boolean;
    staleWhileRevalidate: number;
    staleIfError: number;
    /** The stored headers as a 200 sends them: the origin's, with Content-Length for the stored body. */
    headers: Headers;
  }
  const verdicts = new WeakMap<StoredResponse, Verdict>();
  function verdict(entry: StoredResponse): Verdict {
    let known = verdicts.get(entry);
    if (!known) {
      const directives = parseCacheControl(entry.headers['cache-control']);
      const stale = mayServeStale(entry);
      known = {
        lifetimeMs: freshnessLifetime(entry) * 1000,
        arrivalAgeMs: currentAge(entry, entry.responseTime),
        noCache: directives.has('no-cache'),
        staleWhileRevalidate: stale ? (seconds(directives, 'stale-while-revalidate') ?? 0) : 0,
        staleIfError: stale ? (seconds(directives, 'stale-if-error') ?? 0) : 0,
        headers: { ...entry.headers, 'content-length': String(entry.body.length) },
      };
      // 204 and 304 have no body, so no Content-Length.
      if (entry.status === 204 || entry.status === 304) delete known.headers['content-length'];
      verdicts.set(entry, known);
    }
    return known;
  }
  const ageMs = (entry: StoredResponse, now: number) => verdict(entry).arrivalAgeMs + (now - entry.responseTime);
  /** Seconds past its freshness lifetime (negative while fresh). */
  const staleness = (entry: StoredResponse, now: number) => (ageMs(entry, now) - verdict(entry).lifetimeMs) / 1000;

  /** GET the URL from the origin, revalidating `stale` if it has validators; store what may be stored. */
  async function fetchFromOrigin(req: IncomingMessage, stale: StoredResponse | undefined): Promise<Outcome> {
    const url = req.url ?? '/';
    const headers = endToEnd(req.headers);
    for (const name of CLIENT_CONDITIONALS) delete headers[name];
    headers.via = '1.1 scaling-lab-edge';
    const etag = stale && headerText(stale.headers, 'etag');
    const lastModified = stale && headerText(stale.headers, 'last-modified');
    if (etag) headers['if-none-match'] = etag;
    if (lastModified) headers['if-modified-since'] = lastModified;
    let answer: OriginAnswer;
    try {
      answer = await askOrigin(config.originUrl, agent, config.originTimeoutMs, { method: 'GET', path: url, headers });
    } catch (error) {
      return { kind: 'failed', error };
    }
    const received = endToEnd(answer.headers);
    if (answer.status === 304 && stale) {
      // RFC 9111 4.3.4: the 304's headers update the stored ones; the clock starts again.
      answer.body.resume();
      const { 'content-length': _length, ...updates } = received;
      const entry = { ...stale, headers: { ...stale.headers, ...updates }, requestTime: answer.requestTime, responseTime: answer.responseTime };
      if (updates.date === undefined) entry.headers.date = new Date(answer.responseTime).toUTCString();
      store.put(entry);
      return { kind: 'revalidated', entry };
    }
    const names = varyNames(received);
    if (names === '*' || !isStorable(req.headers, answer.status, received)) {
      if (stale && answer.status < 500) store.delete(stale); // Replaced by an answer we may not keep.
      return { kind: 'pass', answer, head: Buffer.alloc(0) };
    }
    const read = await readUpTo(answer.body, store.maxBytes);
    if (!read.complete) return { kind: 'pass', answer, head: read.head };
    const entry: StoredResponse = {
      url, status: answer.status, headers: received, body: read.body, requestTime: answer.requestTime,
      responseTime: answer.responseTime, varyNames: names, variantKey: variantKey(names, req.headers),
    };
    store.put(entry);
    return { kind: 'stored', entry };
  }

  /** Runs `trip` as the one flight of this URL: later requests for it wait instead of asking too. */
  function fly<T>(url: string, trip: () => Promise<T>): Promise<T> {
    const result = trip();
    const landed = result.then(() => undefined, () => undefined);
    flights.set(url, landed);
    void landed.then(() => {
      if (flights.get(url) === landed) flights.delete(url);
    });
    return result;
  }

  /** stale-while-revalidate: refresh in the background, once per URL however many stale hits come. */
  function refreshInBackground(req: IncomingMessage, stale: StoredResponse): void {
    const url = req.url ?? '/';
    if (flights.has(url)) return;
    void fly(url, () => fetchFromOrigin(req, stale)).then((outcome) => {
      if (outcome.kind === 'pass') outcome.answer.body.resume();
      if (outcome.kind === 'failed') console.error(`edge: background refresh of ${url} failed: ${describeError(outcome.error)}`);
    });
  }

  function serveStored(req: IncomingMessage, res: ServerResponse, entry: StoredResponse, status: CacheStatus): void {
    const headers: Headers = { ...verdict(entry).headers, age: String(Math.floor(ageMs(entry, Date.now()) / 1000)), 'x-cache': status };
    if (clientHasCurrent(req.headers, entry)) {
      delete headers['content-length'];
      delete headers['content-type'];
      res.writeHead(304, headers);
      return void res.end();
    }
    res.writeHead(entry.status, headers);
    res.end(req.method === 'HEAD' ? undefined : entry.body);
  }

  function answerOutcome(req: IncomingMessage, res: ServerResponse, outcome: Outcome, stale: StoredResponse | undefined): void {
    const failed = outcome.kind === 'failed' || (outcome.kind === 'pass' && outcome.answer.status >= 500);
    const window = stale ? verdict(stale).staleIfError : 0;
    if (failed && stale && window > 0 && staleness(stale, Date.now()) <= window) {
      // stale-if-error: the origin is down or broken, but a recent enough copy beats an error.
      if (outcome.kind === 'pass') outcome.answer.body.resume();
      return serveStored(req, res, stale, 'STALE');
    }
    switch (outcome.kind) {
      case 'stored':
        return serveStored(req, res, outcome.entry, 'MISS');
      case 'revalidated':
        return serveStored(req, res, outcome.entry, 'REVALIDATED');
      case 'pass':
        return passThrough(res, outcome.answer, { ...endToEnd(outcome.answer.headers), 'x-cache': 'MISS' }, outcome.head, req.method !== 'HEAD');
      case 'failed': {
        const timedOut = (outcome.error as { timedOut?: boolean }).timedOut === true;
        return sendJson(res, timedOut ? 504 : 502, { error: describeError(outcome.error) }, { 'x-cache': 'MISS' });
      }
    }
  }

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return forwardUnsafe(req, res, deps);
    const url = req.url ?? '/';
    const revalidate = clientWantsValidation(req.headers);
    // A HEAD is answered from the GET's stored response, and fills the store with a GET.
    for (let waited = false; ; waited = true) {
      const entry = store.find(url, (candidate) => matchesRequest(candidate, req.headers));
      if (entry && !verdict(entry).noCache && !revalidate) {
        const stale = staleness(entry, Date.now());
        if (stale < 0) return serveStored(req, res, entry, 'HIT');
        const window = verdict(entry).staleWhileRevalidate;
        if (window > 0 && stale <= window) {
          refreshInBackground(req, entry);
          return serveStored(req, res, entry, 'STALE');
        }
      }
      // Collapsed forwarding: wait once for a trip already under way, then look again. If the
      // answer could not be stored (private, too big, another variant), ask the origin ourselves:
      // one client's uncacheable answer is never handed to another.
      const flight = flights.get(url);
      if (flight && !waited) {
        await flight;
        continue;
      }
      const trip = () => fetchFromOrigin(req, entry);
      return answerOutcome(req, res, await (waited ? trip() : fly(url, trip)), entry);
    }
  };
}
