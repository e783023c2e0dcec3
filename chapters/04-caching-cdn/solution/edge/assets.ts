// T10 · A push CDN: an operator uploads a static asset, the edge names it by a hash of its
// bytes and serves it for a year. The pull cache's bound and LRU never touch these.
//   PUT /_edge/assets/<name>  Authorization: Bearer <EDGE_TOKEN>  Content-Type: <type>  body
//     -> 201 {"path": "/assets/<stem>.<hash>.<ext>", "bytes": N, "type": "<type>"}
//        400 bad name | 401 no or wrong token | 403 no EDGE_TOKEN | 413 too large | 415 bad type
//   GET /assets/<stem>.<hash>.<ext>  -> 200 immutable, with a strong ETag | 404
// Lesson: README.md, section "T10 · A push CDN".
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasBearer, sendJson } from './http-util.ts';

/** File extension -> the content type served; uploads must declare it (or an alias). */
export const ASSET_TYPES: Record<string, { type: string; aliases?: string[] }> = {
  css: { type: 'text/css' },
  js: { type: 'text/javascript', aliases: ['application/javascript'] },
  mjs: { type: 'text/javascript', aliases: ['application/javascript'] },
  map: { type: 'application/json' },
  json: { type: 'application/json' },
  svg: { type: 'image/svg+xml' },
  png: { type: 'image/png' },
  jpg: { type: 'image/jpeg' },
  jpeg: { type: 'image/jpeg' },
  gif: { type: 'image/gif' },
  webp: { type: 'image/webp' },
  avif: { type: 'image/avif' },
  ico: { type: 'image/x-icon', aliases: ['image/vnd.microsoft.icon'] },
  woff2: { type: 'font/woff2' },
  woff: { type: 'font/woff' },
  txt: { type: 'text/plain' },
};

/** A stem of letters, digits, ".", "_" or "-" (not starting with "."), then an extension. */
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.([A-Za-z0-9]+)$/;
const MAX_NAME = 128;
/** Bytes of a refused upload read (and discarded) before the connection is closed instead. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

export interface AssetsOptions {
  token: string | undefined;
  uploadMaxBytes: number;
}

export function createAssets(options: AssetsOptions) {
  const assets = new Map<string, Asset>();

  async function upload(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (options.token === undefined) return refuse(req, res, 403, 'uploads are turned off: start the edge with EDGE_TOKEN set');
    if (!hasBearer(req, options.token)) return refuse(req, res, 401, 'uploading needs Authorization: Bearer <EDGE_TOKEN>', { 'www-authenticate': 'Bearer realm="edge"' });
    const match = NAME.exec(name);
    if (!match || name.length > MAX_NAME || name.includes('..')) {
      return refuse(req, res, 400, `bad file name: use up to ${MAX_NAME} letters, digits, ".", "_" or "-" and an extension, like app.css`);
    }
    const ext = match[1]!.toLowerCase();
    const allowed = ASSET_TYPES[ext];
    const declared = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!allowed || (declared !== allowed.type && !allowed.aliases?.includes(declared))) {
      const expected = allowed ? `Content-Type: ${allowed.type} for .${ext}` : `one of .${Object.keys(ASSET_TYPES).join(', .')}`;
      return refuse(req, res, 415, `unsupported asset: expected ${expected}, got "${declared || '(none)'}"`);
    }
    const declaredLength = Number(req.headers['content-length']);
    if (declaredLength > options.uploadMaxBytes) return refuse(req, res, 413, tooLarge());
    // Count while streaming: a client may lie about Content-Length, or send none (chunked).
    const body = await readCounted(req, options.uploadMaxBytes);
    if (!body) return refuse(req, res, 413, tooLarge());
    const bytes = body.length;
    const hash = createHash('sha256').update(body);
    const digest = hash.digest('hex').slice(0, 16);
    const stem = name.slice(0, -(ext.length + 1));
    const path = `/assets/${stem}.${digest}.${ext}`;
    // Same bytes, same name: a second upload changes nothing.
    if (!assets.has(path)) assets.set(path, { body, type: allowed.type, etag: `"${digest}"` });
    sendJson(res, 201, { path, bytes, type: allowed.type }, { location: path });
  }

  /** The body, or undefined as soon as it passes `limit` bytes (the rest is then drained by refuse()). */
  function readCounted(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      const onData = (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limit) {
          req.off('data', onData);
          req.off('end', onEnd);
          return resolve(undefined);
        }
        chunks.push(chunk);
      };
      const onEnd = () => resolve(Buffer.concat(chunks));
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('error', reject);
    });
  }

  function tooLarge(): string {
    return `the asset is larger than UPLOAD_MAX_BYTES (${options.uploadMaxBytes} bytes)`;
  }

  /**
   * Refuses an upload. The rest of the body is read and thrown away first (never kept), because
   * a server that answers and closes while the client is still sending makes many clients see
   * a broken pipe instead of the answer. A client that keeps sending past DRAIN_LIMIT is cut off.
   */
  function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}): void {
    const answer = () => sendJson(res, status, { error }, headers);
    if (req.complete) return answer();
    let drained = 0;
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained <= DRAIN_LIMIT || res.headersSent) return;
      sendJson(res, status, { error }, { ...headers, connection: 'close' });
      res.once('finish', () => req.destroy());
    });
    req.once('end', () => {
      if (!res.headersSent) answer();
    });
    req.resume();
  }

  function serve(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const asset = assets.get(path);
    if (!asset) return sendJson(res, 404, { error: `no asset ${path} was uploaded to this edge` }, { 'x-cache': 'MISS' });
    const headers = { 'content-type': asset.type, etag: asset.etag, 'cache-control': 'public, max-age=31536000, immutable', 'x-cache': 'HIT' };
    const inm = req.headers['if-none-match'];
    if (inm !== undefined && (inm.trim() === '*' || inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag))) {
      res.writeHead(304, headers);
      return void res.end();
    }
    res.writeHead(200, { ...headers, 'content-length': String(asset.body.length) });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  }

  return { upload, serve, count: () => assets.size };
}

export type Assets = ReturnType<typeof createAssets>;
