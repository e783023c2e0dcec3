// Reference for T7: an A/B test at the proxy. A new visitor is assigned a variant at random,
// with probability AB_RATIO_B for B, and keeps it through a cookie: the experiment compares two
// groups of people, so one person must not see both versions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AbTestConfig } from './config.ts';

export const VARIANT_COOKIE = 'ab_variant';
/** 30 days: long enough for an experiment, short enough to be forgotten afterwards. */
const MAX_AGE_S = 30 * 24 * 3600;

type Variant = 'a' | 'b';

/** The value of one cookie from a Cookie header ("a=1; ab_variant=b"), if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/** Returns the backend (its origin) for this request, and sets the variant cookie on `res` for a new visitor. */
export type BackendChooser = (req: IncomingMessage, res: ServerResponse) => string;

export function abRouting(config: AbTestConfig): BackendChooser {
  return (req, res) => {
    let variant = readCookie(req.headers.cookie, VARIANT_COOKIE) as Variant | undefined;
    // No cookie, or one we did not write ("zzz"): a first visit, assigned afresh.
    if (variant !== 'a' && variant !== 'b') {
      variant = Math.random() < config.ratioB ? 'b' : 'a';
      // HttpOnly: page scripts have no business with it. SameSite=Lax: sent on normal navigation.
      res.appendHeader('Set-Cookie', `${VARIANT_COOKIE}=${variant}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Lax`);
    }
    return variant === 'b' ? config.variantB : config.variantA;
  };
}
