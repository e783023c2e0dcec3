// `npm run docs`: builds the book, serves it on 127.0.0.1 (PORT, default 4173) and rebuilds
// it when a page, a diagram or a chapter's lesson changes (reload the browser to see it).
import { fileURLToPath } from 'node:url';
import { courseRoot } from '@scaling-lab/grader/course';
import { buildFromCli, DIST } from './cli-build.ts';
import { serveStatic } from './static-server.ts';
import { watchSources } from './watch.ts';

if (!buildFromCli({ exitOnError: false })) process.exit(1);
const port = Number(process.env.PORT ?? 4173);
const server = await serveStatic(DIST, port);
console.log(`The book is at ${server.url}  (Ctrl-C to stop; edits rebuild it)`);
const stopWatching = watchSources(courseRoot(), fileURLToPath(new URL('../client/', import.meta.url)), () => {
  buildFromCli({ exitOnError: false });
});
const stop = () => {
  stopWatching();
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
