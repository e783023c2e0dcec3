// T1, T4, T7 · The Express application (main.ts makes it listen).
// Lesson: README.md, sections "T1", "T4 · Validation and errors" and "T7 · Static files".
import path from 'node:path';
import express, { type Express } from 'express';
import { chirpsRouter } from './chirps-routes.ts';
import type { Config } from './config.ts';
import { HttpError } from './http-errors.ts';
import type { ChirpStore } from './store.ts';

/** The page and its assets: public/index.html, public/static/*. */
const publicDir = path.join(import.meta.dirname, 'public');

export function createApp(config: Config, store: ChirpStore): Express {
  const app = express();
  // TODO(T4): parse JSON bodies, and answer 413 to bodies over 16 KiB.
  // TODO(T1): GET /healthz answers {"status": "ok", "instance": config.instanceId, "role": "standalone"}.
  // TODO(T2): mount chirpsRouter(store) at /api/chirps.
  // TODO(T7): serve "/" (index.html) and "/static/*" from publicDir, with no way out of it.
  // TODO(T4): answer unknown routes with 404 JSON, and turn every error into JSON
  // ({"error": "..."}) without a stack trace.
  void config;
  void store;
  void chirpsRouter;
  void HttpError;
  void publicDir;
  return app;
}
