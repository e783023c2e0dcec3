// Reference for T8: TLS termination. The proxy holds the certificate and its key, decrypts,
// and talks plain HTTP to backends on the private network; clientSide() in headers.ts tells
// them the client used https (X-Forwarded-Proto).
import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import https from 'node:https';
import type { TlsConfig } from './config.ts';

export function startTlsListener(handler: RequestListener, tls: TlsConfig, host: string): https.Server | undefined {
  // Read once at start-up: a missing or unreadable file stops the proxy with a clear message
  // instead of failing every handshake later.
  const server = https.createServer(
    {
      cert: readFileSync(tls.certFile),
      key: readFileSync(tls.keyFile),
      // TLS 1.0 and 1.1 are broken and retired (RFC 8996).
      minVersion: 'TLSv1.2',
    },
    handler,
  );
  server.listen(tls.port, host, () => console.log(`proxy listening on https://${host}:${tls.port}`));
  return server;
}
