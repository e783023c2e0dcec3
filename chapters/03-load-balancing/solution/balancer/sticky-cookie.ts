// Reference for T5: sticky sessions by cookie. The first answer to a client carries a cookie
// that names its backend; later requests with that cookie go back to the same backend while it
// is healthy. When it is not, the client is placed anew and the cookie is rewritten.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Backend } from './pool.ts';

export class StickyCookie {
  constructor(readonly name: string) {}

  /**
   * The cookie value for a backend: a digest of its URL. It is stable across balancer restarts
   * and the same on every balancer, and it does not tell the world the backend's address.
   */
  tokenFor(backend: Backend): string {
    return createHash('sha256').update(backend.url).digest('base64url').slice(0, 16);
  }

  /** The value of our cookie in the request, if it has one. */
  read(req: IncomingMessage): string | undefined {
    for (const part of String(req.headers.cookie ?? '').split(';')) {
      const equals = part.indexOf('=');
      if (equals > 0 && part.slice(0, equals).trim() === this.name) return part.slice(equals + 1).trim();
    }
    return undefined;
  }

  /** The candidate the request's cookie points to, if any. */
  pinned(req: IncomingMessage, candidates: readonly Backend[]): Backend | undefined {
    const token = this.read(req);
    return token === undefined ? undefined : candidates.find((backend) => this.tokenFor(backend) === token);
  }

  /** The Set-Cookie value that pins the client to `backend`, or undefined if it already is. */
  setCookieFor(req: IncomingMessage, backend: Backend): string | undefined {
    const token = this.tokenFor(backend);
    if (this.read(req) === token) return undefined;
    // A session cookie (no Max-Age): stickiness should not outlive the visit.
    return `${this.name}=${token}; Path=/; HttpOnly; SameSite=Lax`;
  }
}
