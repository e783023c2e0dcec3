// A backend that a test drives step by step, inside the test's own process, to see streaming
// directly: it reports how many bytes of an upload have arrived so far, and it sends a
// response in two parts, the second only when the test releases it (or never: the test can
// cut the connection halfway instead). A proxy that buffers whole bodies shows it by passing
// nothing on until the end, which never comes by itself. It also counts the TCP connections it
// accepts, to see whether the proxy reuses its connections.
import http from 'node:http';
import { allocatePort, fillerBytes, releasePort } from '@scaling-lab/grader/harness';

export class ProbeBackend {
  /** Bytes of each upload received so far, by URL. */
  private readonly received = new Map<string, number>();
  private readonly held = new Map<string, () => void>();
  private readonly open = new Map<string, http.ServerResponse>();
  /** TCP connections accepted so far. */
  connections = 0;

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<ProbeBackend> {
    const port = await allocatePort();
    const server = http.createServer();
    const probe = new ProbeBackend(server, port);
    server.on('request', (req, res) => probe.handle(req, res));
    server.on('connection', () => probe.connections++);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    return probe;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  bytesReceived(url: string): number {
    return this.received.get(url) ?? 0;
  }

  /** Lets a held response (GET /hold/...) send its second part and finish. */
  release(url: string): void {
    this.held.get(url)?.();
  }

  /** True while a held response has sent its first part and waits for release() or cut(). */
  holding(url: string): boolean {
    return this.held.has(url);
  }

  /** Ends a held response halfway: its connection closes, as when a backend process dies. */
  cut(url: string): void {
    this.held.delete(url);
    this.open.get(url)?.socket?.destroy();
  }

  async close(): Promise<void> {
    for (const release of this.held.values()) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    releasePort(this.port);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    this.received.set(url, 0);
    req.on('data', (chunk: Buffer) => this.received.set(url, this.bytesReceived(url) + chunk.length));
    req.on('end', () => {
      const text = url.startsWith('/hold-text/');
      if (!url.startsWith('/hold/') && !text) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ bytes: this.bytesReceived(url) }));
        return;
      }
      // /hold/<first>/<second>/...: <first> bytes now, <second> bytes after release().
      // /hold-text/<first>/<second>/...: the same as text/plain (fillerText), which a proxy may gzip.
      const [first = 0, second = 0] = url.split('/').slice(2, 4).map(Number);
      const body = text ? fillerText(first + second) : fillerBytes(first + second);
      res.writeHead(200, { 'content-type': text ? 'text/plain; charset=utf-8' : 'application/octet-stream' });
      res.write(body.subarray(0, first));
      this.open.set(url, res);
      this.held.set(url, () => {
        this.held.delete(url);
        if (!res.destroyed) res.end(body.subarray(first));
      });
    });
  }
}

/** Text for /hold-text/: lines of words, the kind of body a proxy compresses. */
export function fillerText(size: number): Buffer {
  const line = 'data: {"chirp": "streamed through the proxy, one event at a time"}\n\n';
  return Buffer.from(line.repeat(Math.ceil(size / line.length))).subarray(0, size);
}

export interface StreamingGet {
  /** Body bytes that have arrived so far. */
  bytes(): number;
  /** The body bytes that have arrived so far. */
  received(): Buffer;
  /** The response's headers, once they have arrived. */
  headers(): http.IncomingHttpHeaders | undefined;
  /** Status and the whole body, once the response ends (rejects on a network error). */
  done: Promise<{ status: number; body: Buffer }>;
  abort(): void;
}

/** A GET whose body is watched as it arrives, not only at the end. */
export function streamingGet(url: string, timeoutMs = 15_000, headers: http.OutgoingHttpHeaders = {}): StreamingGet {
  const chunks: Buffer[] = [];
  let count = 0;
  let responseHeaders: http.IncomingHttpHeaders | undefined;
  const req = http.get(url, { agent: false, timeout: timeoutMs, headers });
  const done = new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    req.once('timeout', () => req.destroy(new Error(`no complete response after ${timeoutMs / 1000} s`)));
    req.once('error', reject);
    req.once('response', (res) => {
      responseHeaders = res.headers;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        count += chunk.length;
      });
      res.once('error', reject);
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
  });
  done.catch(() => {});
  return { bytes: () => count, received: () => Buffer.concat(chunks), headers: () => responseHeaders, done, abort: () => req.destroy() };
}
