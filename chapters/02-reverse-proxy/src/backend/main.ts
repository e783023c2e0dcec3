// Provided · A working Chirp backend to put behind your proxy (npm run start:backend).
// Configuration: PORT (default 3001), HOST (default 127.0.0.1), INSTANCE_ID.
//
// It deliberately behaves like an ordinary app that knows nothing about proxies: it announces
// its software in `Server` and `X-Powered-By`, which your proxy hides (T2), and it has a slow
// endpoint to try timeouts with (T4): GET /api/slow?ms=3000.
import express, { type ErrorRequestHandler } from 'express';
import { chirpsRouter } from './chirps.ts';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3001);
const instance = process.env.INSTANCE_ID || `backend-${process.pid}`;

const app = express();
app.use((_req, res, next) => {
  res.set('Server', `chirp-backend/1.0 node/${process.versions.node}`);
  next();
});
app.use(express.json({ limit: '16kb' }));

app.get('/healthz', (req, res) => {
  // What the backend learns about the client is exactly what the proxy chose to tell it.
  res.json({
    status: 'ok',
    instance,
    role: 'backend',
    peer: req.socket.remoteAddress,
    forwardedFor: req.get('x-forwarded-for') ?? null,
    forwardedProto: req.get('x-forwarded-proto') ?? null,
    forwardedHost: req.get('x-forwarded-host') ?? null,
  });
});

app.get('/api/slow', (req, res) => {
  const ms = Math.min(Number(req.query.ms) || 1000, 60_000);
  setTimeout(() => res.json({ waitedMs: ms }), ms);
});

app.use('/api/chirps', chirpsRouter());
app.use((req, res) => void res.status(404).json({ error: `no route for ${req.method} ${req.path}` }));

const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  const status = typeof err?.status === 'number' && err.status < 500 ? err.status : 500;
  if (status === 500) console.error(err);
  res.status(status).json({ error: status === 500 ? 'internal server error' : err.message });
};
app.use(onError);

const server = app.listen(port, host, () => console.log(`chirp backend ${instance} listening on http://${host}:${port}`));
server.on('error', (error) => {
  console.error(`backend: cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
