// T7 · A/B routing by cookie. Two versions of the backend run side by side. A first visit is
// assigned variant B with probability AB_RATIO_B (A otherwise) and keeps it through a cookie;
// every request goes to its variant's backend.
// Lesson: README.md, section "T7 · A/B routing by cookie".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AbTestConfig } from './config.ts';

export const VARIANT_COOKIE = 'ab_variant';

/** The value of one cookie from a Cookie header ("a=1; ab_variant=b"), if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  // TODO(T7): split the header on ";" and find `name=value`.
  void header;
  void name;
  return undefined;
}

/** Returns the backend (its origin) for this request, and sets the variant cookie on `res` for a new visitor. */
export type BackendChooser = (req: IncomingMessage, res: ServerResponse) => string;

export function abRouting(config: AbTestConfig): BackendChooser {
  return (_req, _res) => {
    // TODO(T7): read the variant cookie; without a valid one ("a" or "b"), draw a variant
    // (Math.random() < config.ratioB means B) and set the cookie with Path=/
    // (res.appendHeader('Set-Cookie', ...)). Then return the variant's backend URL.
    return config.variantA;
  };
}
