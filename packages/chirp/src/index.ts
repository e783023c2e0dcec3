// The provided Chirp app, shared by chapters 02-06: each chapter wraps the store or the way
// answers are sent, and keeps the routes, validation and errors identical.
export { BODY_LIMIT, type ChirpAppOptions, createChirpApp } from './app.ts';
export { type Asset, AssetTable, hashedName, PAGE_DIR } from './assets.ts';
export { ConfigError, type Env, loadOrExit, origin, port, text, wholeNumber } from './env.ts';
export { badRequest, HttpError, notFound } from './http-errors.ts';
export { MemoryChirpStore } from './memory-store.ts';
export { encodeBody, type Reply, type Respond, type RouteKind, sendPlain } from './reply.ts';
export { createChirpServer, listenChirp } from './server.ts';
export { SqliteChirpStore, type StoreCounters } from './sqlite-store.ts';
export { timelineQuery } from './timeline-query.ts';
export type { Chirp, ChirpStore, ListQuery, NewChirp } from './types.ts';
export { DEFAULT_LIMIT, MAX_LIMIT, parseId, parseListQuery, parseNewChirp } from './validation.ts';
