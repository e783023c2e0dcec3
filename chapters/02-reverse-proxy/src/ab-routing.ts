// T7 · A/B routing by cookie. Two versions of the backend run side by side. A first visit is
// assigned variant B with probability AB_RATIO_B (A otherwise) and keeps it through a cookie;
// every request goes to its variant's backend.
// Lesson: README.md, section "T7 · A/B routing by cookie".
import type { RequestHandler } from 'express';
import type { AbTestConfig } from './config.ts';

export const VARIANT_COOKIE = 'ab_variant';

/** The value of one cookie from a Cookie header ("a=1; ab_variant=b"), if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  // TODO(T7): split the header on ";" and find `name=value`.
  void header;
  void name;
  return undefined;
}

export function abRouting(config: AbTestConfig): RequestHandler {
  return (_req, res, next) => {
    // TODO(T7): read the variant cookie; without a valid one ("a" or "b"), draw a variant
    // (Math.random() < config.ratioB means B) and set the cookie with Path=/. Then route:
    // res.locals.backend = the variant's backend URL.
    res.locals.backend = config.variantA;
    next();
  };
}
