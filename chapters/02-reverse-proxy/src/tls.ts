// T8 (stretch) · TLS termination. Listen for HTTPS on TLS_PORT with the certificate and key
// from TLS_CERT_FILE and TLS_KEY_FILE, handled by the same app as plain HTTP. Backends keep
// receiving plain HTTP, told by X-Forwarded-Proto: https that the client used TLS.
// Lesson: README.md, section "T8 · TLS termination".
import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import https from 'node:https';
import type { TlsConfig } from './config.ts';

/** Starts the HTTPS listener; main.ts closes it on shutdown. */
export function startTlsListener(handler: RequestListener, tls: TlsConfig, host: string): https.Server | undefined {
  // TODO(T8): https.createServer({ cert, key }, handler) with the PEM files read once, then
  // listen on tls.port and host. Also see clientSide() in headers.ts for X-Forwarded-Proto.
  void readFileSync;
  void https;
  void handler;
  void tls;
  void host;
  return undefined;
}
