// nginx as the peer of chapter 02's proxy and chapter 03's balancer: one worker process (the
// course's Node programs each have one JavaScript thread), keep-alive connections to the
// upstreams as our proxy keeps, round robin over them, no access log (ours writes none).
import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { scratchDir, start } from '../stack.ts';

export function nginxConfig(dir: string, upstreams: readonly string[], port: number): string {
  // Root starts workers as "nobody" unless told otherwise; keep them the current user.
  const user = process.getuid?.() === 0 ? `user ${os.userInfo().username};\n` : '';
  const servers = upstreams.map((u) => `    server ${new URL(u).host};`).join('\n');
  return `${user}worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  # nginx closes a keep-alive connection after 1,000 requests by default; Node's server never
  # does, and autocannon answers a close by reconnecting with two requests in flight at once
  # (measured: 1.8 on "1 connection"), so a run would compare unlike loads.
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path ${path.join(dir, 'body')};
  proxy_temp_path ${path.join(dir, 'proxy')};
  fastcgi_temp_path ${path.join(dir, 'fastcgi')};
  uwsgi_temp_path ${path.join(dir, 'uwsgi')};
  scgi_temp_path ${path.join(dir, 'scgi')};
  upstream chirp {
${servers}
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://chirp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
}

export async function startNginx(binary: string, upstreams: readonly string[], port: number): Promise<void> {
  const dir = scratchDir('nginx');
  const config = path.join(dir, 'nginx.conf');
  writeFileSync(config, nginxConfig(dir, upstreams, port));
  // -e: the error log before the config is read (else /var/log/nginx, not writable by a user).
  await start('nginx', binary, ['-p', dir, '-c', config, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], {}, port, { quiet: true });
}
