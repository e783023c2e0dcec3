// T3 · Static files at the edge. The proxy serves the page ("/" is public/index.html) and its
// assets (/static/* from public/static/) itself, so these requests never reach a backend: with
// the right Content-Type, ETag and Last-Modified, 304 for a conditional request that matches,
// 404 for a missing asset, and no way out of the public folder.
// Lesson: README.md, section "T3 · Static files at the edge".
import path from 'node:path';
import express, { type RequestHandler } from 'express';

export function staticFiles(publicDir: string): RequestHandler {
  // TODO(T3): return a handler (an express.Router() is one) that serves /static/* from
  // path.join(publicDir, 'static') and exactly "/" with index.html, and passes every other
  // request on with next().
  void path;
  void express;
  void publicDir;
  return (_req, _res, next) => next();
}
