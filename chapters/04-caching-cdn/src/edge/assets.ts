// T10 · A push CDN: an operator uploads a static asset, the edge names it by a hash of its
// bytes and serves it for a year. The pull cache's bound and LRU never touch these.
//   PUT /_edge/assets/<name>  Authorization: Bearer <EDGE_TOKEN>  Content-Type: <type>  body
//     -> 201 {"path": "/assets/<stem>.<hash>.<ext>", "bytes": N, "type": "<type>"}
//        400 bad name | 401 no or wrong token | 403 no EDGE_TOKEN | 413 too large | 415 bad type
//   GET /assets/<stem>.<hash>.<ext>  -> 200 immutable, with a strong ETag | 404
// Lesson: README.md, section "T10 · A push CDN".
import type { IncomingMessage, ServerResponse } from 'node:http';

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

export interface AssetsOptions {
  token: string | undefined;
  uploadMaxBytes: number;
}

export function createAssets(options: AssetsOptions) {
  // TODO(T10): keep the uploaded assets (bytes, type, ETag) by their public path, in memory.
  void options;

  /** PUT /_edge/assets/<name>: `name` is the rest of the path, exactly as sent (still percent-encoded). */
  async function upload(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    // TODO(T10): check, in this order, the token (403/401, hasBearer), the name (400: letters,
    // digits, ".", "_", "-", an extension, no "..", at most 128 characters), the Content-Type
    // against ASSET_TYPES and the extension (415), the size while reading (413: never keep more
    // than uploadMaxBytes); then store it as /assets/<stem>.<first 16 hex of SHA-256>.<ext> and
    // answer 201 {"path", "bytes", "type"}. When refusing, read the rest of the body and throw
    // it away before answering (a client still sending would see a broken pipe, not your 413),
    // but close the connection instead if it keeps sending far past the limit.
    void req;
    void res;
    void name;
    throw new Error('TODO(T10): accept an asset upload');
  }

  /** GET or HEAD /assets/...: a stored asset, or 404. Never asks the origin. */
  function serve(req: IncomingMessage, res: ServerResponse): void {
    // TODO(T10): Content-Type, a strong ETag (and 304 for If-None-Match), Cache-Control: public, max-age=31536000, immutable.
    void req;
    void res;
    throw new Error('TODO(T10): serve a pushed asset');
  }

  return { upload, serve, count: (): number => 0 };
}

export type Assets = ReturnType<typeof createAssets>;
