// A backend that a test drives step by step, inside the test's own process, to see streaming
// directly: it reports how many bytes of an upload have arrived so far, and it sends a
// response in two parts, the second only when the test releases it. A proxy that buffers
// whole bodies shows it by passing nothing on until the end, which never comes by itself.
import http from 'node:http';
import { allocatePort, fillerBytes, releasePort } from '@scaling-lab/grader/harness';

export class ProbeBackend {
  /** Bytes of each upload received so far, by URL. */
  private readonly received = new Map<string, number>();
  private readonly held = new Map<string, () => void>();

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<ProbeBackend> {
    const port = await allocatePort();
    const server = http.createServer();
    const probe = new ProbeBackend(server, port);
    server.on('request', (req, res) => probe.handle(req, res));
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
      if (!url.startsWith('/hold/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ bytes: this.bytesReceived(url) }));
        return;
      }
      // /hold/<first>/<second>/...: <first> bytes now, <second> bytes after release().
      const [first = 0, second = 0] = url.split('/').slice(2, 4).map(Number);
      const body = fillerBytes(first + second);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(body.subarray(0, first));
      this.held.set(url, () => {
        this.held.delete(url);
        if (!res.destroyed) res.end(body.subarray(first));
      });
    });
  }
}

export interface StreamingGet {
  /** Body bytes that have arrived so far. */
  bytes(): number;
  /** Status and the whole body, once the response ends (rejects on a network error). */
  done: Promise<{ status: number; body: Buffer }>;
  abort(): void;
}

/** A GET whose body is watched as it arrives, not only at the end. */
export function streamingGet(url: string, timeoutMs = 15_000): StreamingGet {
  const chunks: Buffer[] = [];
  let count = 0;
  const req = http.get(url, { agent: false, timeout: timeoutMs });
  const done = new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    req.once('timeout', () => req.destroy(new Error(`no complete response after ${timeoutMs / 1000} s`)));
    req.once('error', reject);
    req.once('response', (res) => {
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        count += chunk.length;
      });
      res.once('error', reject);
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
  });
  done.catch(() => {});
  return { bytes: () => count, done, abort: () => req.destroy() };
}
