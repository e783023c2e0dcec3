// haproxy as the peer of chapter 02's proxy and chapter 03's balancer: one thread, keep-alive
// to the servers (http-reuse), round robin, in the foreground (-db) with its files in a temp dir.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { scratchDir, start } from '../stack.ts';

export function haproxyConfig(upstreams: readonly string[], port: number): string {
  const servers = upstreams.map((u, i) => `  server app${i + 1} ${new URL(u).host}`).join('\n');
  return `global
  nbthread 1
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option forwardfor
  http-reuse always
frontend chirp
  bind 127.0.0.1:${port}
  default_backend apps
backend apps
  balance roundrobin
${servers}
`;
}

export async function startHaproxy(binary: string, upstreams: readonly string[], port: number): Promise<void> {
  const file = path.join(scratchDir('haproxy'), 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(upstreams, port));
  await start('haproxy', binary, ['-f', file, '-db'], {}, port, { quiet: true });
}
