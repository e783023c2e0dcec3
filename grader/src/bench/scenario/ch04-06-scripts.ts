// Chapters 04, 05 and 06 as scenarios: their scripts (chapters/NN-*/bench/), with the
// command's --duration and --rounds translated. Short durations also shrink the data the
// scripts seed, so a smoke run stays a few seconds.
import { findChapter } from '../../course/chapters.ts';
import type { ScenarioOptions } from './args.ts';
import { scriptScenario } from './script-scenario.ts';

const seconds = (o: ScenarioOptions) => String(o.durationMs / 1000);
const short = (o: ScenarioOptions) => o.durationMs < 1000;

export const chapter04 = scriptScenario(() => findChapter('04').dir, 'skewed reads: SQLite only, cache-aside, the edge in front (and with --compare: your cache against redis-server, your edge against nginx or Varnish)', ['redis-server', 'nginx', 'varnish'], [
  {
    script: 'bench/zipf-reads.ts',
    figure: 'zipf-reads.svg',
    args: (o, chart) => ['--seconds', seconds(o), '--rounds', String(Math.min(o.rounds, 5)), ...(short(o) ? ['--chirps', '200'] : []), ...(chart ? ['--chart', chart] : [])],
  },
  // The same client and commands against your cache server and a real redis-server.
  { script: 'bench/cache-vs-redis.ts', onlyWith: 'redis-server', args: () => [], env: (o) => ({ BENCH_OPS: String(Math.max(2000, Math.min(200_000, Math.round(o.durationMs * 40)))) }) },
  // A hit from your edge against a hit from nginx proxy_cache or Varnish, driven by wrk.
  ...(['nginx', 'varnish'] as const).map((peer) => ({
    script: 'bench/edge-vs-peer.sh',
    onlyWith: peer,
    args: () => [peer],
    // wrk takes whole seconds.
    env: (o: ScenarioOptions) => ({ DURATION: `${Math.max(1, Math.round(o.durationMs / 1000))}s`, ROUNDS: String(Math.min(o.rounds, 5)) }),
  })),
]);

export const chapter05 = scriptScenario(() => findChapter('05').dir, 'reads through the router with 0, 1 and 2 followers; replication lag and synchronous writes', [], [
  {
    script: 'bench/router-reads.ts',
    figure: 'router-reads.svg',
    args: (o, chart) => ['--seconds', seconds(o), '--rounds', String(Math.min(o.rounds, 5)), ...(short(o) ? ['--chirps', '50'] : []), ...(chart ? ['--chart', chart] : [])],
  },
  { script: 'bench/replication.ts', args: (o) => ['--seconds', seconds(o), ...(short(o) ? ['--writes', '20', '--rate', '200'] : [])] },
]);

export const chapter06 = scriptScenario(() => findChapter('06').dir, 'how long writes fail when the leader is killed, and false alarms when it only pauses', [], [
  {
    script: 'bench/failover.ts',
    figure: 'failover.svg',
    // --rounds seeded kills; the pause test lasts the duration.
    args: (o, chart) => ['--runs', String(o.rounds), '--pause-seconds', seconds(o), ...(chart ? ['--chart', chart] : [])],
  },
]);
