import { check, describeTask, excerpt, FakeBackend, type HttpResponse, request, runContext, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { echoOf, startProxy, uniquePath } from './support.ts';

const RATIO_B = 0.3;
const VISITORS = 400;

/** The cookies a browser would send back: the name=value part of each Set-Cookie. */
function cookiesFrom(res: HttpResponse): string {
  return (res.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!.trim()).join('; ');
}

/** A distinct address for visitor n (every 127.x.y.z is this machine). */
const visitor = (n: number) => `127.${70 + Math.floor(n / 250)}.${runContext().seed % 250}.${(n % 250) + 2}`;

describeTask('T7', () => {
  const stack = shared(async () => {
    const [a, b] = await Promise.all([FakeBackend.start('variant-a'), FakeBackend.start('variant-b')]);
    const proxy = await startProxy({ AB_VARIANT_A_URL: a.url, AB_VARIANT_B_URL: b.url, AB_RATIO_B: String(RATIO_B), BACKEND_URL: 'http://127.0.0.1:9' });
    return { proxy, a, b };
  });

  /** A first visit: which variant served it, and the cookies it set. */
  async function firstVisit(url: string, address: string): Promise<{ variant: string; cookies: string }> {
    const path = uniquePath('/api/t7');
    const res = await request(`${url}${path}`, { localAddress: address });
    const echo = echoOf(res, `GET ${path}, a first visit from ${address}`);
    check(echo.backend === 'variant-a' || echo.backend === 'variant-b', `GET ${path}: expected an answer from variant A or B, got one from ${echo.backend}`);
    const cookies = cookiesFrom(res);
    check(cookies !== '', `GET ${path}, a first visit: expected a Set-Cookie that records the variant, got none`);
    return { variant: echo.backend, cookies };
  }

  it('a returning visitor stays on its variant, wherever it connects from', async () => {
    const { proxy } = await stack();
    const seen = new Map<string, string>();
    // Visit until both variants have a visitor (with AB_RATIO_B=0.3, 60 tries all on A happen once in 2 billion).
    for (let n = 0; n < 60 && seen.size < 2; n++) {
      const { variant, cookies } = await firstVisit(proxy.url, visitor(n));
      if (!seen.has(variant)) seen.set(variant, cookies);
    }
    check(seen.size === 2, `60 first visits with AB_RATIO_B=${RATIO_B}: expected both variants to get visitors, all went to ${[...seen.keys()].join(', ')}`);
    for (const [variant, cookies] of seen) {
      for (let i = 0; i < 8; i++) {
        const address = visitor(300 + i);
        const path = uniquePath('/api/t7-again');
        const echo = echoOf(await request(`${proxy.url}${path}`, { localAddress: address, headers: { cookie: cookies } }), `GET ${path} with Cookie: ${cookies}`);
        check(echo.backend === variant, `GET ${path} from ${address} with Cookie: ${cookies} (first served by ${variant}): expected ${variant} again, got ${echo.backend}; the cookie decides the variant`);
      }
    }
  });

  it('a cookie the proxy did not write still gets an answer from one of the variants', async () => {
    const { proxy } = await stack();
    const { cookies } = await firstVisit(proxy.url, visitor(320));
    const forged = cookies.replace(/=([^;]*)/g, '=zz-not-a-variant');
    const path = uniquePath('/api/t7-forged');
    const echo = echoOf(await request(`${proxy.url}${path}`, { headers: { cookie: forged } }), `GET ${path} with Cookie: ${forged}`);
    check(['variant-a', 'variant-b'].includes(echo.backend), `GET ${path} with Cookie: ${forged}: expected variant A or B, got ${echo.backend}`);
  });

  it("the proxy's variant cookie and the backend's own Set-Cookie both reach the client", async () => {
    const { proxy, a, b } = await stack();
    const rng = seeded('T7 cookies');
    const name = `session_${rng.string('abcdefghij', 6)}`;
    const value = rng.string('0123456789abcdef', 24);
    const backendCookie = `${name}=${value}; Path=/; HttpOnly`;
    const prefix = uniquePath('/api/t7-login');
    // Both variants log the visitor in, as a real app would on its first answer.
    await Promise.all([a.behave({ path: prefix, headers: { 'set-cookie': backendCookie } }), b.behave({ path: prefix, headers: { 'set-cookie': backendCookie } })]);
    const where = 'see README.md, "T7 · A/B routing by cookie" and "T2 · Forwarding headers" (Set-Cookie is end-to-end)';
    for (let n = 0; n < 4; n++) {
      const path = `${prefix}/visit-${n}`;
      const res = await request(`${proxy.url}${path}`, { localAddress: visitor(340 + n) });
      const echo = echoOf(res, `GET ${path}, a first visit; the backend answers with Set-Cookie: ${backendCookie}`);
      const lines = res.headers['set-cookie'] ?? [];
      const shown = lines.length === 0 ? 'no Set-Cookie at all' : lines.map((line) => `Set-Cookie: ${line}`).join(' | ');
      check(
        lines.some((line) => line.split(';')[0]!.trim() === `${name}=${value}`),
        () => `GET ${path}, a first visit: expected the backend's "Set-Cookie: ${backendCookie}" to reach the client next to the proxy's variant cookie, got ${excerpt(shown, 400)}; ${where}`,
      );
      const ours = lines.filter((line) => !line.trim().startsWith(`${name}=`));
      check(
        ours.length > 0,
        () => `GET ${path}, a first visit: expected the proxy's own variant cookie next to the backend's "${name}" cookie (two Set-Cookie headers), got ${excerpt(shown, 400)}; ${where}`,
      );
      // The variant cookie that survived must still be the proxy's: it brings the visitor back to the same variant.
      const cookies = ours.map((line) => line.split(';')[0]!.trim()).join('; ');
      const again = `${prefix}/again-${n}`;
      const next = echoOf(await request(`${proxy.url}${again}`, { localAddress: visitor(360 + n), headers: { cookie: cookies } }), `GET ${again} with Cookie: ${cookies}`);
      check(next.backend === echo.backend, `GET ${again} with Cookie: ${cookies} (first served by ${echo.backend}): expected ${echo.backend} again, got ${next.backend}; ${where}`);
    }
  });

  it('finds the variant cookie among the other cookies a browser sends', async () => {
    const { proxy } = await stack();
    // B (30% of new visitors) is the variant a misread cookie is least likely to land on by chance.
    const headers = [
      'theme=dark; ab_variant=b; session=s3cr3t',
      'xab_variant=a; ab_variant_old=a; ab_variant1; ab_variant=b',
      'ab_variant=b; theme=dark',
    ];
    for (const [i, cookie] of headers.entries()) {
      for (let n = 0; n < 5; n++) {
        const path = uniquePath('/api/t7-among');
        const echo = echoOf(await request(`${proxy.url}${path}`, { localAddress: visitor(400 + i * 5 + n), headers: { cookie } }), `GET ${path} with Cookie: ${cookie}`);
        check(echo.backend === 'variant-b', `GET ${path} with Cookie: ${cookie}: expected variant B (the cookie ab_variant=b), got ${echo.backend}; a Cookie header lists every cookie of the site, "name=value" pairs separated by "; "`);
      }
    }
  });

  it('the variant cookie comes back on every path and outlasts the day', async () => {
    const { proxy } = await stack();
    const path = uniquePath('/api/t7-attributes');
    const res = await request(`${proxy.url}${path}`, { localAddress: visitor(420) });
    echoOf(res, `GET ${path}, a first visit`);
    const lines = res.headers['set-cookie'] ?? [];
    const line = lines.find((l) => l.trim().startsWith('ab_variant=')) ?? lines[0];
    check(line !== undefined, `GET ${path}, a first visit: expected a Set-Cookie that records the variant, got none`);
    const attributes = new Map(line.split(';').slice(1).map((part) => {
      const at = part.indexOf('=');
      return at === -1 ? [part.trim().toLowerCase(), ''] : [part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()];
    }));
    const action = `GET ${path}, a first visit: Set-Cookie: ${line}`;
    check(attributes.get('path') === '/', `${action}: expected Path=/, so the cookie comes back on every path of the site`);
    const maxAge = attributes.get('max-age');
    const expires = attributes.get('expires');
    const DAY = 24 * 3600;
    // RFC 6265: a Max-Age that is not a whole number is ignored; with no Expires either, the cookie ends with the browser session.
    const lasts = maxAge !== undefined && /^\d+$/.test(maxAge) ? Number(maxAge) : expires !== undefined ? (Date.parse(expires) - Date.now()) / 1000 || 0 : 0;
    check(lasts >= DAY, `${action}: expected the cookie to last at least a day (Max-Age in whole seconds, ${DAY} or more: a visitor who saw a variant yesterday must see it today), but it ${lasts > 0 ? `lasts ${Math.round(lasts)} s` : 'ends with the browser session'}`);
  });

  it(`new visitors are split close to AB_RATIO_B=${RATIO_B}`, async () => {
    const { proxy } = await stack();
    let toB = 0;
    for (let start = 0; start < VISITORS; start += 50) {
      const batch = Array.from({ length: 50 }, (_, i) => firstVisit(proxy.url, visitor(start + i)));
      toB += (await Promise.all(batch)).filter((v) => v.variant === 'variant-b').length;
    }
    // Five standard deviations of the binomial: a correct split falls outside once in 1.7 million runs.
    const mean = VISITORS * RATIO_B;
    const margin = 5 * Math.sqrt(VISITORS * RATIO_B * (1 - RATIO_B));
    check(Math.abs(toB - mean) <= margin, `${VISITORS} first visits with AB_RATIO_B=${RATIO_B}: expected about ${mean} on variant B (between ${Math.ceil(mean - margin)} and ${Math.floor(mean + margin)}), got ${toB}`);
  });
});

