import { check, describeTask, excerpt, type HttpResponse, request, shared } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { checksum, createChirp, expectConverged, health, startFollower, startLeader } from './node-support.ts';

const LESSON = 'README.md, "T3 · Followers refuse writes"';

describeTask('T3', () => {
  const pair = shared(async () => {
    const leader = await startLeader({ id: 't3-leader' });
    const follower = await startFollower(leader.url, { id: 't3-follower' });
    await createChirp(leader, 't3', 'replicated first');
    await expectConverged(leader, [follower], 'the follower to copy the leader\'s first chirp');
    return { leader, follower };
  });

  /** A follower's answer to a write: 307, Location on the leader with the same path and query, a JSON body naming the leader. */
  function expectRedirect(res: HttpResponse, leaderUrl: string, pathAndQuery: string, action: string): void {
    check(res.status === 307, `${action} on a follower: expected 307 Temporary Redirect to the leader, got ${res.status} ${excerpt(res.text)}. Read: ${LESSON}`);
    check(res.headers.location === `${leaderUrl}${pathAndQuery}`, `${action} on a follower: expected Location: ${leaderUrl}${pathAndQuery} (the leader, same path and query), got ${res.headers.location}`);
    let body: { error?: unknown; leader?: unknown } = {};
    try {
      body = JSON.parse(res.text);
    } catch {
      // reported below
    }
    check(typeof body.error === 'string' && body.leader === leaderUrl, `${action} on a follower: expected a JSON body {"error": "...", "leader": "${leaderUrl}"}, got ${excerpt(res.text)}`);
  }

  it('POST /api/chirps on a follower answers 307 to the leader and changes nothing', async () => {
    const { leader, follower } = await pair();
    const before = await checksum(follower);
    const res = await request(`${follower.url}/api/chirps`, { method: 'POST', body: { author: 't3', text: 'refuse me' } });
    expectRedirect(res, leader.url, '/api/chirps', 'POST /api/chirps');
    check(res.headers['x-chirp-node'] === 't3-follower', `the 307 must carry X-Chirp-Node: t3-follower (provided headers), got ${res.headers['x-chirp-node']}`);
    const [after, leaderSum] = await Promise.all([checksum(follower), checksum(leader)]);
    check(after.sha256 === before.sha256 && after.position === before.position && leaderSum.sha256 === after.sha256, `a refused write must change nothing: the follower went from ${before.rows} rows at ${before.position} to ${after.rows} rows at ${after.position}; the leader has ${leaderSum.rows}`);
  });

  it('DELETE on a follower answers 307 with the path and query, and the chirp stays', async () => {
    const { leader, follower } = await pair();
    const { chirp } = await createChirp(leader, 't3', 'do not delete me on a follower');
    await expectConverged(leader, [follower], 'the follower to copy the chirp');
    const res = await request(`${follower.url}/api/chirps/${chirp.id}?reason=%22test%22`, { method: 'DELETE' });
    expectRedirect(res, leader.url, `/api/chirps/${chirp.id}?reason=%22test%22`, `DELETE /api/chirps/${chirp.id}`);
    const still = await request(`${follower.url}/api/chirps/${chirp.id}`);
    check(still.status === 200, `after a refused DELETE, GET /api/chirps/${chirp.id} on the follower: expected 200, got ${still.status}`);
  });

  it('a hostile write body is redirected, not parsed', async () => {
    const { leader, follower } = await pair();
    const bodies: [string, string | Buffer, string][] = [
      ['bad JSON', '{"author": "t3", "text": ', 'application/json'],
      ['20 kB of JSON', JSON.stringify({ author: 't3', text: 'x'.repeat(20_000) }), 'application/json'],
      ['binary', Buffer.from([0, 255, 1, 254, 2]), 'application/octet-stream'],
    ];
    for (const [name, body, type] of bodies) {
      const res = await request(`${follower.url}/api/chirps`, { method: 'POST', body, headers: { 'content-type': type } });
      expectRedirect(res, leader.url, '/api/chirps', `POST /api/chirps with ${name}`);
    }
  });

  it('reads are served by the follower itself, and /healthz names its leader', async () => {
    const { leader, follower } = await pair();
    const { chirp } = await createChirp(leader, 't3_read', 'read me on the follower');
    await expectConverged(leader, [follower], 'the follower to copy the chirp');
    const res = await request(`${follower.url}/api/chirps/${chirp.id}`);
    check(res.status === 200 && res.json<{ text: string }>().text === chirp.text && res.headers['x-chirp-node'] === 't3-follower', `GET /api/chirps/${chirp.id} on the follower: expected 200 with the chirp, answered by t3-follower, got ${res.status} from ${res.headers['x-chirp-node']} ${excerpt(res.text)}`);
    const page = await request(`${follower.url}/api/chirps?author=t3_read`);
    check(page.status === 200 && page.headers.location === undefined, `GET /api/chirps on a follower: expected 200 served locally, got ${page.status}`);
    const h = await health(follower);
    check(h.role === 'follower' && h.leader === leader.url, `GET /healthz on the follower: expected role "follower" and leader "${leader.url}", got ${excerpt(JSON.stringify(h))}`);
  });
});
