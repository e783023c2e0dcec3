// Reference for T3: the proxy serves the page and its assets from disk. A backend process is
// the most expensive place to send a file from; the edge can do it with no app code at all.
import path from 'node:path';
import express, { type RequestHandler } from 'express';

export function staticFiles(publicDir: string): RequestHandler {
  const router = express.Router();
  // express.static (serve-static and send) sets Content-Type from the extension, ETag and
  // Last-Modified, answers conditional requests with 304, and refuses any path that would
  // leave its folder. fallthrough: false makes a missing asset a 404 here: /static/* is ours,
  // and a backend never sees it.
  router.use('/static', express.static(path.join(publicDir, 'static'), { fallthrough: false, index: false }));
  // Exactly "/" is the page; every other path belongs to the backend.
  router.get('/', (_req, res, next) => {
    res.sendFile('index.html', { root: publicDir }, (error) => error && next(error));
  });
  return router;
}
