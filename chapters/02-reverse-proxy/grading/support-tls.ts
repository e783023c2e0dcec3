// HTTPS for the T8 tests: trust exactly the chapter's development certificate (never turn
// verification off), and report which certificate the proxy presented.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { check, excerpt, LabFailure, runContext } from '@scaling-lab/grader/harness';
import type { Echo } from './support.ts';

export const devCertFile = () => path.join(runContext().chapterDir, 'certs', 'dev-cert.pem');
export const devKeyFile = () => path.join(runContext().chapterDir, 'certs', 'dev-key.pem');

export interface HttpsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint: string;
}

export function httpsRequest(port: number, urlPath: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpsResponse> {
  const label = `${options.method ?? 'GET'} https://localhost:${port}${urlPath}`;
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1',
      servername: 'localhost',
      port,
      path: urlPath,
      method: options.method ?? 'GET',
      headers: options.body === undefined ? options.headers : { 'content-length': Buffer.byteLength(options.body), ...options.headers },
      ca: readFileSync(devCertFile()),
      agent: false,
      timeout: 10_000,
    });
    req.once('timeout', () => req.destroy(new Error('no complete response after 10 s')));
    req.once('error', (error: NodeJS.ErrnoException) => reject(new LabFailure(`${label}: ${error.code === 'ECONNREFUSED' ? 'connection refused (is the HTTPS listener on TLS_PORT?)' : error.message}`)));
    req.once('response', (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '';
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), fingerprint }));
    });
    req.end(options.body);
  });
}

/** Resolves true once something accepts TCP connections on the port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The fake backend's echo in an HTTPS response. */
export function httpsEcho(res: HttpsResponse, action: string): Echo {
  let echo: Echo | undefined;
  try {
    echo = JSON.parse(res.text) as Echo;
  } catch {
    // Reported below.
  }
  check(res.status === 200 && typeof echo?.url === 'string', () => `${action}: expected 200 and the backend's answer, got ${res.status} ${excerpt(res.text)}`);
  return echo!;
}
