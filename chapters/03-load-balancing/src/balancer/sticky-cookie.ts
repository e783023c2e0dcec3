// T5 · Sticky sessions by cookie: the first answer to a client carries a cookie that names its
// backend, and later requests with that cookie go back to it while it is healthy.
// Lesson: README.md, section "T5 · Session affinity".
import type { IncomingMessage } from 'node:http';
import type { Backend } from './pool.ts';

export class StickyCookie {
  constructor(readonly name: string) {}

  tokenFor(backend: Backend): string {
    // TODO(T5): a short value that names this backend, the same after a restart and on every
    // balancer (derive it from the URL); better not the address itself.
    void backend;
    throw new Error('TODO(T5): StickyCookie.tokenFor() is not written yet');
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
    // TODO(T5): find the candidate whose token is the cookie's value.
    void req;
    void candidates;
    return undefined;
  }

  /** The Set-Cookie value that pins the client to `backend`, or undefined if it already is. */
  setCookieFor(req: IncomingMessage, backend: Backend): string | undefined {
    // TODO(T5): "<name>=<token>; Path=/; HttpOnly; SameSite=Lax" unless the request already
    // carries that exact token.
    void req;
    void backend;
    return undefined;
  }
}
