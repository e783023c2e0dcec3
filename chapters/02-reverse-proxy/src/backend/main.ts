// Provided · A working Chirp backend to put behind your proxy (npm run start:backend): the
// course's shared Chirp app with its chirps kept in memory.
// Configuration: PORT (default 3001), HOST (default 127.0.0.1), INSTANCE_ID.
//
// It deliberately behaves like an ordinary app that knows nothing about proxies: it announces
// its software in `Server` and `X-Powered-By`, which your proxy hides (T2), and it has a slow
// endpoint to try timeouts with (T4): GET /api/slow?ms=3000.
import { createChirpApp, listenChirp, MemoryChirpStore } from '@scaling-lab/chirp';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3001);
const instance = process.env.INSTANCE_ID || `backend-${process.pid}`;

const app = createChirpApp({
  store: new MemoryChirpStore(),
  instance,
  role: 'backend',
  assets: false,
  // What the backend learns about the client is exactly what the proxy chose to tell it.
  health: (req) => ({
    peer: req.socket.remoteAddress,
    forwardedFor: req.get('x-forwarded-for') ?? null,
    forwardedProto: req.get('x-forwarded-proto') ?? null,
    forwardedHost: req.get('x-forwarded-host') ?? null,
  }),
  configure: (app) => {
    app.use((_req, res, next) => {
      res.set('Server', `chirp-backend/1.0 node/${process.versions.node}`);
      res.set('X-Powered-By', 'Express');
      next();
    });
    app.get('/api/slow', (req, res) => {
      const ms = Math.min(Number(req.query.ms) || 1000, 60_000);
      setTimeout(() => res.json({ waitedMs: ms }), ms);
    });
  },
});

const server = listenChirp(app, port, host, () => console.log(`chirp backend ${instance} listening on http://${host}:${port}`));
server.on('error', (error) => {
  console.error(`backend: cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
