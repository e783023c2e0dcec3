// Probes RFC 9111 behaviours of caches in front of the same fake origin (the course's fake
// backend): which answers each one stores, how it counts age, revalidates, serves stale
// content and collapses misses. Run by cache-behaviours.sh, which starts everything.
// usage: node bench/cache-behaviours.mjs <origin port> name=port [name=port ...]
// ONLY=prefix,prefix limits the probes. Each probe uses its own path on every cache.
const [originPort, ...targets] = process.argv.slice(2);
const origin = `http://127.0.0.1:${originPort}`;
const caches = targets.map((t) => { const [name, port] = t.split('='); return { name, url: `http://127.0.0.1:${port}` }; });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const RUN = Date.now().toString(36);
async function behave(path, b) { await fetch(`${origin}/__fake/behaviour`, { method: 'PUT', body: JSON.stringify({ path, ...b }) }); }
async function count(path) { const all = await (await fetch(`${origin}/__fake/requests`)).json(); return all.filter((r) => r.url === path); }
async function get(cache, path, headers = {}) { const res = await fetch(cache.url + path, { headers }); const text = await res.text(); let served; try { served = JSON.parse(text).served; } catch {} return { status: res.status, headers: res.headers, text, served }; }
const only = process.env.ONLY;
const probes = {
  'max-age=1, no swr: request 2 s later (origin 1 s)': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=1' } }); await get(c, p); await sleep(2100); await behave(p, { delayMs: 1000, headers: { 'cache-control': 'max-age=60' } }); const t = Date.now(); const r = await get(c, p); return `${r.served === 1 ? 'stale copy (unasked)' : 'new copy'} in ${Date.now() - t} ms`; },
  'must-revalidate, max-age=1, origin 503 later': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=1, must-revalidate' } }); await get(c, p); await sleep(2100); await behave(p, { status: 503, body: 'down' }); const r = await get(c, p); return r.status === 200 ? 'stale 200 (WRONG)' : `${r.status}`; },
  'Authorization + max-age=60': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=60' } }); await get(c, p, { authorization: 'Bearer u' }); await get(c, p, { authorization: 'Bearer u' }); return (await count(p)).length === 1 ? 'hit (WRONG)' : 'not stored'; },
  'Authorization + public, max-age=60': async (c, p) => { await behave(p, { headers: { 'cache-control': 'public, max-age=60' } }); await get(c, p, { authorization: 'Bearer u' }); await get(c, p, { authorization: 'Bearer u' }); return (await count(p)).length === 1 ? 'hit' : 'not stored'; },
  'Expires +60 s, no Cache-Control': async (c, p) => { await behave(p, { headers: { expires: new Date(Date.now() + 60000).toUTCString() } }); await get(c, p); await get(c, p); return (await count(p)).length === 1 ? 'hit' : 'miss'; },
  '200, no freshness, no validator': async (c, p) => { await behave(p, {}); await get(c, p); await get(c, p); return (await count(p)).length === 1 ? 'hit (heuristic/default TTL)' : 'not stored'; },

  's-maxage=60, max-age=0: hit?': async (c, p) => { await behave(p, { headers: { 'cache-control': 's-maxage=60, max-age=0' } }); await get(c, p); await get(c, p); return (await count(p)).length === 1 ? 'hit' : 'miss'; },
  's-maxage=0, max-age=60: hit?': async (c, p) => { await behave(p, { headers: { 'cache-control': 's-maxage=0, max-age=60' } }); await get(c, p); await get(c, p); return (await count(p)).length === 1 ? 'hit' : 'miss'; },
  'Vary A-E: "br" after "gzip, br" gets': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=60', vary: 'Accept-Encoding' } }); await get(c, p, { 'accept-encoding': 'gzip, br' }); const r = await get(c, p, { 'accept-encoding': 'br' }); const sent = JSON.parse(r.text).headers['accept-encoding']; return `own variant? ${sent === 'br' ? 'yes' : `no (${sent})`}`; },
  'Vary A-E: "gzip,br" after "gzip, br"': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=60', vary: 'Accept-Encoding' } }); await get(c, p, { 'accept-encoding': 'gzip, br' }); await get(c, p, { 'accept-encoding': 'gzip,br' }); return (await count(p)).length === 1 ? 'hit' : 'miss'; },
  'Vary: X-A (custom) distinct values': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=60', vary: 'X-A' } }); await get(c, p, { 'x-a': '1' }); const r = await get(c, p, { 'x-a': '2' }); return JSON.parse(r.text).headers['x-a'] === '2' ? 'separate' : 'WRONG variant'; },
  'origin Age: 100 with max-age=60': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=60', age: '100' } }); await get(c, p); await get(c, p); return (await count(p)).length === 1 ? 'hit (age ignored)' : 'miss (age counted)'; },
  'Age header on a hit': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=60', age: '30' } }); await get(c, p); const r = await get(c, p); return `Age: ${r.headers.get('age') ?? '(none)'}`; },
  'no-cache + ETag: second request': async (c, p) => { await behave(p, { etag: '"n"', headers: { 'cache-control': 'no-cache, max-age=60' } }); await get(c, p); await get(c, p); const seen = await count(p); return seen.length === 1 ? 'hit (WRONG)' : seen[1].headers['if-none-match'] ? 'revalidated (304)' : 'full refetch'; },
  'stale ETag entry after max-age=1': async (c, p) => { await behave(p, { etag: '"e"', headers: { 'cache-control': 'max-age=1' } }); await get(c, p); await sleep(2100); await get(c, p); const seen = await count(p); return seen.length === 1 ? 'still hit' : seen[1].headers['if-none-match'] ? 'revalidated (304)' : 'full refetch'; },
  'max-age=1, swr=30: request 2 s later': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=1, stale-while-revalidate=30' } }); await get(c, p); await sleep(2100); await behave(p, { delayMs: 1000, headers: { 'cache-control': 'max-age=60' } }); const t = Date.now(); const r = await get(c, p); return `${r.served === 1 ? 'stale copy' : 'new copy'} in ${Date.now() - t} ms`; },
  'max-age=1, stale-if-error=60, origin 503': async (c, p) => { await behave(p, { headers: { 'cache-control': 'max-age=1, stale-if-error=60' } }); await get(c, p); await sleep(2100); await behave(p, { status: 503, body: 'down' }); const r = await get(c, p); return r.status === 200 ? 'stale 200' : `${r.status} passed on`; },
  '20 concurrent misses (origin 300 ms)': async (c, p) => { await behave(p, { delayMs: 300, headers: { 'cache-control': 'max-age=60' } }); await Promise.all(Array.from({ length: 20 }, () => get(c, p))); return `${(await count(p)).length} origin fetches`; },
};
const rows = [];
console.log(`| probe | ${caches.map((c) => c.name).join(' | ')} |`);
console.log(`|---|${caches.map(() => '---').join('|')}|`);
for (const [name, probe] of Object.entries(probes)) {
  if (only && !only.split(',').some((o) => name.startsWith(o))) continue;
  const results = await Promise.all(caches.map((c) => probe(c, `/cmp-${RUN}-${++n}-${c.name}`).catch((e) => `error ${e.message}`)));
  rows.push([name, ...results]);
  console.log(`| ${[name, ...results].join(' | ')} |`);
}
