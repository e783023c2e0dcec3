import { driveSteady } from './src/bench/drive.ts';
import { summarise } from './src/bench/stats.ts';
import { startNginx } from './src/bench/peers/nginx.ts';
import { freePort, startEntry, stopAll } from './src/bench/stack.ts';
const appPort = await freePort();
await startEntry('/work/wt-bench/chapters/03-load-balancing/src', 'app/main.ts', { PORT: String(appPort), WORK_MS: '2' });
const app = `http://127.0.0.1:${appPort}`;
const port = await freePort();
await startNginx('/usr/sbin/nginx', [app], port);
console.log(await (await fetch(`http://127.0.0.1:${port}/api/chirps`)).text().then((t) => t.slice(0, 200)));
for (let i = 0; i < 2; i++) for (const [name, url] of [['direct', app], ['nginx', `http://127.0.0.1:${port}`]]) {
  const rec = await driveSteady({ url: `${url}/api/chirps`, connections: 16, durationMs: 2000 });
  const sum = summarise(rec, 'duration');
  console.log(name, 'recorded', sum.responses, 'rps', sum.requestsPerSecond.toFixed(0), 'statuses', JSON.stringify(sum.statuses), 'errors', JSON.stringify(sum.errors), 'p50', sum.latencyMs?.p50.toFixed(3));
}
await stopAll();
