import { check, describeTask, excerpt, expectJsonError, expectStatus, request, seeded, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { checkNoLeak, createChirp, randomAuthor, randomText, startChirp } from './support.ts';

describeTask('T4', () => {
  const rng = seeded('T4');
  const app = shared(() => startChirp());
  const author = randomAuthor(rng);

  const post = async (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const { url } = await app();
    return request(`${url}/api/chirps`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  };

  it('rejects malformed JSON with 400 and a JSON error, without a stack trace', async () => {
    for (const body of ['{"author": "ada", "text": ', '{author: ada}', 'not json at all', '{"author":"a","text":"b"}}']) {
      const res = await post(body);
      expectJsonError(res, 400, `POST /api/chirps with body ${body}`);
      checkNoLeak(res, `POST /api/chirps with body ${body}`);
    }
  });

  it('rejects bodies that are not an object, or miss a field, with 400', async () => {
    for (const body of [[], null, 42, '"text"', {}, { author }, { text: randomText(rng) }]) {
      const shown = JSON.stringify(body);
      const res = await post(typeof body === 'string' ? body : JSON.stringify(body));
      expectJsonError(res, 400, `POST /api/chirps with body ${shown}`);
      checkNoLeak(res, `POST /api/chirps with body ${shown}`);
    }
  });

  it('rejects wrong types and unknown fields with 400', async () => {
    const text = randomText(rng);
    const cases = [{ author: 42, text }, { author, text: ['a'] }, { author, text: { t: 1 } }, { author: null, text }, { author, text, likes: 3 }, { author, text, id: 7 }];
    for (const body of cases) {
      const res = await post(body);
      expectJsonError(res, 400, `POST /api/chirps with body ${JSON.stringify(body)}`);
      checkNoLeak(res, `POST /api/chirps with body ${JSON.stringify(body)}`);
    }
  });

  it('enforces author as 1-32 of [a-z0-9_]', async () => {
    const text = randomText(rng);
    for (const bad of ['', 'Ada', 'ada lovelace', 'ada-l', 'a'.repeat(33), 'émile', 'ada\n']) {
      expectJsonError(await post({ author: bad, text }), 400, `POST /api/chirps with author ${JSON.stringify(bad)}`);
    }
    for (const good of ['a', 'x'.repeat(32), `${rng.int(0, 9)}_${rng.string('abc', 5)}`]) {
      await createChirp(await app(), { author: good, text });
    }
  });

  it('enforces text as 1-280 characters, counting an emoji as one character', async () => {
    const a = await app();
    expectJsonError(await post({ author, text: '' }), 400, 'POST /api/chirps with empty text');
    expectJsonError(await post({ author, text: 'x'.repeat(281) }), 400, 'POST /api/chirps with 281 characters of text');
    await createChirp(a, { author, text: 'y' });
    await createChirp(a, { author, text: 'y'.repeat(280) });
    // 280 emoji are 560 UTF-16 code units but 280 characters: a chirp this long is allowed.
    await createChirp(a, { author, text: '🐦'.repeat(280) });
    expectJsonError(await post({ author, text: '🐦'.repeat(281) }), 400, 'POST /api/chirps with 281 emoji');
  });

  it('hostile author and text values are refused or stored as plain text, never run as SQL', async () => {
    const a = await app();
    const where = 'README.md, "The Chirp API" (creating) and "T4 · Validation and JSON errors"';
    const text = randomText(rng);
    // Quotes, SQL, NULs, look-alikes and a very long value: none is 1-32 of [a-z0-9_].
    const authors = [
      "x'",
      `${author}' OR '1'='1`,
      `${author}'); DROP TABLE chirps; --`,
      "zz' UNION SELECT 1,name,sql,type FROM sqlite_master -- ",
      `${author}\u0000`,
      author.replace(/[a-z]/, (c) => String.fromCodePoint(c.codePointAt(0)! - 0x61 + 0xff41)), // a fullwidth letter
      `\u0430${author.slice(1)}`, // a Cyrillic а in front
      `${author}\u200b`, // a zero-width space
      'a'.repeat(rng.int(5000, 9000)),
    ];
    for (const bad of authors) {
      const action = `POST /api/chirps with author ${excerpt(JSON.stringify(bad), 80)}`;
      const res = await post({ author: bad, text });
      expectJsonError(res, 400, `${action} (read ${where})`);
      checkNoLeak(res, action);
    }
    // Text is free: SQL in it is just text, stored and returned byte for byte.
    const texts = [
      `'); DROP TABLE chirps; -- ${rng.int(1, 1e6)}`,
      `x' || (SELECT sql FROM sqlite_master) || '`,
      `"${rng.string('abc', 4)}" \\' \\" ; -- /* */`,
      "'".repeat(280),
    ];
    for (const hostile of texts) {
      const chirp = await createChirp(a, { author, text: hostile });
      const action = `GET /api/chirps/${chirp.id} (created with text ${excerpt(JSON.stringify(hostile), 80)})`;
      const res = await request(`${a.url}/api/chirps/${chirp.id}`);
      expectStatus(res, 200, action);
      const stored = res.json<{ text?: unknown }>();
      check(stored.text === hostile, () => `${action}: expected the text exactly as sent, got ${excerpt(JSON.stringify(stored.text), 200)}. Read ${where}`);
    }
    // A NUL inside the text is a character like any other: store it whole, or refuse it, never a 5xx.
    const nul = `before\u0000after ${rng.int(1, 1e6)}`;
    const withNul = await post({ author, text: nul });
    check(withNul.status === 201 || withNul.status === 400, () => `POST /api/chirps with a NUL character in the text: expected 201 (stored whole) or 400, got ${withNul.status} with ${excerpt(withNul.text)}. Read ${where}`);
    checkNoLeak(withNul, 'POST /api/chirps with a NUL character in the text');
    if (withNul.status === 201) {
      const back = await request(`${a.url}/api/chirps/${withNul.json<{ id: number }>().id}`);
      check(back.status === 200 && back.json<{ text?: unknown }>().text === nul, () => `GET the chirp created with a NUL in its text: expected the text whole, ${JSON.stringify(nul)}, got ${back.status} ${excerpt(back.text)}. Read ${where}`);
    }
    // The same field twice: JSON.parse keeps the last one; refusing the body is fine too.
    const other = randomAuthor(rng);
    const twice = await post(`{"author":"${author}","author":"${other}","text":"${text}"}`);
    check(twice.status === 201 || twice.status === 400, () => `POST /api/chirps with "author" twice: expected 201 or 400, got ${twice.status} with ${excerpt(twice.text)}. Read ${where}`);
    checkNoLeak(twice, 'POST /api/chirps with "author" twice');
    if (twice.status === 201) {
      const chirp = twice.json<{ author?: unknown }>();
      check(chirp.author === author || chirp.author === other, () => `POST /api/chirps with "author" twice (${author}, then ${other}): expected one of the two as the author, got ${excerpt(JSON.stringify(chirp.author))}`);
    }
    // And the table is still there.
    await createChirp(a, { author, text });
  });

  it('answers 413 with a JSON error to a body over 16 KiB', async () => {
    for (const size of [17 * 1024, 256 * 1024]) {
      const res = await post({ author, text: 'z'.repeat(size) });
      expectJsonError(res, 413, `POST /api/chirps with a ${size / 1024} KiB body`);
      checkNoLeak(res, `POST /api/chirps with a ${size / 1024} KiB body`);
    }
    // The server is still fine afterwards.
    await createChirp(await app(), { author, text: randomText(rng) });
  });

  it('answers unknown routes with 404 and a JSON error', async () => {
    const { url } = await app();
    for (const [method, path] of [['GET', '/api/nope'], ['GET', `/${rng.string('abcdef', 10)}`], ['POST', '/api/chirps/extra/segments'], ['PATCH', '/healthz']] as const) {
      const res = await request(`${url}${path}`, { method });
      expectJsonError(res, [404, 405], `${method} ${path}`);
      checkNoLeak(res, `${method} ${path}`);
    }
  });

  it('never sends a stack trace, even for odd input', async () => {
    const { url } = await app();
    const odd: [string, string, string | undefined, Record<string, string>][] = [
      ['POST', '/api/chirps', '{"author":"ada","text":"hi"}', { 'content-type': 'application/json; charset=latin-9' }],
      ['POST', '/api/chirps', '\u0000\u0001\u0002', { 'content-type': 'application/json' }],
      ['POST', '/api/chirps', 'author=ada&text=hi', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['GET', '/api/chirps/%E0%A4%A', undefined, {}],
      ['GET', '/api/chirps?limit[]=1', undefined, {}],
    ];
    for (const [method, path, body, headers] of odd) {
      const res = await request(`${url}${path}`, { method, body, headers });
      check(res.status >= 400 && res.status < 500, () => `${method} ${path}: expected a 4xx answer to bad input, got ${res.status}: ${excerpt(res.text)}`);
      // Errors always have a JSON body {"error": "..."} (README.md, "The Chirp API").
      expectJsonError(res, res.status, `${method} ${path}`);
      checkNoLeak(res, `${method} ${path}`);
    }
    expectStatus(await request(`${url}/healthz`), 200, 'GET /healthz after the odd requests');
  });
});
