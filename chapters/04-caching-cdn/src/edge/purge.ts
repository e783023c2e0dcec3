// T9 · The purge API: an operator holding EDGE_TOKEN removes every stored variant of one URL.
//   POST /_edge/purge   Authorization: Bearer <EDGE_TOKEN>   {"url": "/path?query"}
//   -> 200 {"purged": <variants removed>} | 400 bad body | 401 no or wrong token | 403 no EDGE_TOKEN set
// Lesson: README.md, section "T9 · Stale content, collapsed forwarding and purge".
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CacheStore } from './cache-store.ts';

export async function handlePurge(req: IncomingMessage, res: ServerResponse, store: CacheStore, token: string | undefined): Promise<void> {
  // TODO(T9): 403 without a token configured; 401 (with WWW-Authenticate: Bearer) unless
  // hasBearer(req, token) from http-util.ts; read the JSON body with readBody(); 400 unless "url"
  // is a string starting with "/"; then answer {"purged": store.purge(url)}.
  void req;
  void res;
  void store;
  void token;
  throw new Error('TODO(T9): purge a URL for the operator');
}
