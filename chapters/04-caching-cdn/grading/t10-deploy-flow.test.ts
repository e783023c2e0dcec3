import { check, describeTask, excerpt, request, startLearnerApp } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import { startEdge, TOKEN } from './edge-support.ts';

describeTask('T10', () => {
  it('a deploy pushes the page\'s assets to your edge, and the app with CDN_URL links to copies the edge serves', async () => {
    const { edge } = await startEdge();
    // The provided deploy script uses your upload API and checks every name it gets back.
    const deploy = await startLearnerApp({ entry: 'deploy', name: 'npm run deploy-assets', noWait: true, env: { EDGE_URL: edge.url, EDGE_TOKEN: TOKEN } });
    const exit = await deploy.component.exited;
    check(exit.code === 0, () => `npm run deploy-assets against your edge: expected exit code 0 (every asset uploaded under its content-hashed name), got ${exit.code ?? exit.signal}: ${excerpt(deploy.component.outputTail(2000).text, 400)}`);
    const app = await startLearnerApp({ name: 'the app with CDN_URL', env: { CDN_URL: edge.url } });
    const page = await request(`${app.url}/`);
    const links = [...page.text.matchAll(/"(http:\/\/127\.0\.0\.1:\d+\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    check(links.length >= 2, `GET / of the app started with CDN_URL=${edge.url}: expected links to the edge's /assets/, got ${excerpt(page.text, 300)}`);
    for (const link of links) {
      check(link.startsWith(`${edge.url}/assets/`), `the page links ${link}; expected it on the edge ${edge.url}`);
      const res = await request(link);
      check(res.status === 200 && res.body.length > 0, `GET ${link} from your edge: expected the pushed asset (200), got ${res.status} ${excerpt(res.text)}`);
      check(/immutable/.test(String(res.headers['cache-control'])), `GET ${link}: expected Cache-Control with immutable, got ${res.headers['cache-control']}`);
    }
  });
});
