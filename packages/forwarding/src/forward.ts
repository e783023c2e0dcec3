// Provided · one attempt at forwarding a request to one node, with node:http. Chapter 02 is
// about forwarding faithfully and chapter 03 about retrying; this file does both compactly so
// that the routers of chapters 05 and 06 can be about WHICH node gets a request.
//
// The request body arrives already buffered, so a failed read can be replayed on the leader.
// The response is streamed to the client as soon as its headers arrive: from then on the
// attempt can no longer be taken back, and it counts as answered. Every header of the node's
// answer passes through, X-Chirp-Node and X-Chirp-Position included. A caller that may still
// want to try another node after some answers (chapter 06's router, after a 307) names those
// statuses in `hold`: such an answer is read whole and handed back instead of streamed.
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';

export type ForwardOutcome =
  /** The node answered; its response went (or is broken off while going) to the client. */
  | { kind: 'answered'; status: number; headers: IncomingHttpHeaders }
  /**
   * No response came back. `requestSent` is false only when the connection was refused: then
   * the node cannot have seen the request. After a reset or a timeout it may have seen it,
   * and may even have acted on it.
   */
  | { kind: 'failed'; code: string; message: string; requestSent: boolean }
  /**
   * The node answered with a status the caller asked to `hold`: nothing was sent to the client
   * yet, so the caller may still try elsewhere, or pass this answer on with relay().
   */
  | HeldAnswer
  /** The client went away first; there is nobody left to answer. */
  | { kind: 'abandoned' };

export interface HeldAnswer {
  kind: 'held';
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ForwardOptions {
  req: IncomingMessage;
  res: ServerResponse;
  /** The whole request body (empty for most GETs). */
  body: Buffer;
  /** The node to send it to (anything with its origin, e.g. "http://127.0.0.1:4001"). */
  node: { readonly url: string };
  /** Connection pool towards the nodes (keep-alive). */
  agent: http.Agent;
  /** Time to wait for the response headers. */
  timeoutMs: number;
  /** Headers to add to the response (e.g. a Set-Cookie). */
  extraHeaders?: OutgoingHttpHeaders;
  /** Headers to set on the forwarded request, replacing the client's (names in lower case). */
  requestHeaders?: OutgoingHttpHeaders;
  /**
   * Answers for which this returns true are read whole (they are small errors, like a 307) and
   * returned as `held` instead of being streamed to the client.
   */
  hold?: (status: number) => boolean;
}

/** A held answer is a short error message: past this many bytes the rest is read but not kept. */
const HELD_LIMIT = 64 * 1024;

/** Headers that describe one connection, not the message: never forwarded (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);

function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase());
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.includes(name)) out[name] = value;
  }
  return out;
}

function requestHeaders(req: IncomingMessage, body: Buffer): OutgoingHttpHeaders {
  const headers = withoutHopByHop(req.headers);
  const client = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${prior}, ${client}` : client;
  headers['x-forwarded-proto'] = 'http';
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  // The body was buffered, so its length is known: send it plainly, not chunked.
  if (body.length > 0 || req.headers['content-length'] !== undefined) headers['content-length'] = body.length;
  return headers;
}

export function forward(options: ForwardOptions): Promise<ForwardOutcome> {
  const { req, res, body, node, agent, timeoutMs } = options;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: ForwardOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      res.off('close', onClientClose);
      resolve(outcome);
    };
    const target = new URL(node.url);
    const headers = { ...requestHeaders(req, body), ...options.requestHeaders };
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent });
    const timer = setTimeout(() => {
      upstream.destroy(Object.assign(new Error(`no response within ${timeoutMs} ms`), { code: 'TIMEOUT' }));
    }, timeoutMs);
    const onClientClose = () => {
      if (res.writableFinished) return;
      upstream.destroy();
      settle({ kind: 'abandoned' });
    };
    res.on('close', onClientClose);

    upstream.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'ERROR';
      settle({ kind: 'failed', code, message: error.message, requestSent: code !== 'ECONNREFUSED' });
    });
    upstream.on('response', (answer) => {
      const status = answer.statusCode ?? 502;
      if (options.hold?.(status)) {
        // Not the client's yet: read it whole (the timer still runs: a node that sends headers
        // and then stalls must not hold the request for ever).
        const chunks: Buffer[] = [];
        let size = 0;
        answer.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= HELD_LIMIT) chunks.push(chunk);
        });
        answer.on('end', () => settle({ kind: 'held', status, headers: answer.headers, body: Buffer.concat(chunks) }));
        // Broken off half way: the node did answer, so whatever it was asked may have happened.
        answer.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'failed', code: error.code ?? 'ECONNRESET', message: error.message, requestSent: true }));
        return;
      }
      clearTimeout(timer);
      res.writeHead(status, { ...withoutHopByHop(answer.headers), ...options.extraHeaders });
      answer.pipe(res);
      // From here on the attempt is answered, even if the body breaks off half way.
      const done = () => settle({ kind: 'answered', status, headers: answer.headers });
      const broken = () => {
        res.destroy();
        done();
      };
      answer.on('end', done);
      answer.on('error', broken);
      answer.on('close', () => {
        if (!answer.complete) broken();
      });
      upstream.removeAllListeners('error');
      upstream.on('error', broken);
    });
    upstream.end(body);
  });
}

/** Sends a held answer to the client as the node gave it. */
export function relay(res: ServerResponse, held: HeldAnswer, extraHeaders: OutgoingHttpHeaders = {}): void {
  const headers = withoutHopByHop(held.headers);
  headers['content-length'] = held.body.length;
  res.writeHead(held.status, { ...headers, ...extraHeaders });
  res.end(held.body);
}
