// The page's static files under content-hashed names ("app.3f9c2a1b7d4e6f80.js"): a new build
// gets new names, so a browser or CDN may keep each file forever. With CDN_URL set, the page
// points at the copies pushed to the CDN edge (`npm run deploy-assets`) instead of the app.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The provided page (index.html) and its static files. */
export const PAGE_DIR = path.join(import.meta.dirname, 'public');

export interface Asset {
  /** The file's own name, as the HTML template writes it: "app.js". */
  name: string;
  /** "app.<first 16 hex digits of the SHA-256 of its bytes>.js" */
  hashedName: string;
  bytes: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The content-hashed name of a file: the same bytes always get the same name. */
export function hashedName(name: string, bytes: Buffer): string {
  const ext = path.extname(name);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return `${name.slice(0, name.length - ext.length)}.${hash}${ext}`;
}

export class AssetTable {
  private readonly byHashedName = new Map<string, Asset>();
  /** When the table was built: the Last-Modified of the page and of every asset. */
  readonly builtAt = new Date(Math.floor(Date.now() / 1000) * 1000);

  constructor(
    private readonly template: string,
    readonly assets: readonly Asset[],
  ) {
    for (const asset of assets) this.byHashedName.set(asset.hashedName, asset);
  }

  /** Reads `dir/index.html` and every file in `dir/static/`. */
  static load(dir: string): AssetTable {
    const staticDir = path.join(dir, 'static');
    const assets = readdirSync(staticDir).sort().map((name): Asset => {
      const bytes = readFileSync(path.join(staticDir, name));
      return { name, hashedName: hashedName(name, bytes), bytes, type: TYPES[path.extname(name)] ?? 'application/octet-stream' };
    });
    return new AssetTable(readFileSync(path.join(dir, 'index.html'), 'utf8'), assets);
  }

  find(hashedName: string): Asset | undefined {
    return this.byHashedName.get(hashedName);
  }

  /** The HTML page, its asset URLs rewritten to hashed names, on `cdnUrl` when there is one. */
  renderPage(cdnUrl?: string): Buffer {
    let html = this.template;
    for (const asset of this.assets) {
      const url = cdnUrl ? `${cdnUrl}/assets/${asset.hashedName}` : `/static/${asset.hashedName}`;
      html = html.replaceAll(`"/static/${asset.name}"`, `"${url}"`);
    }
    return Buffer.from(html);
  }
}
