#!/usr/bin/env bash
# What the edge does, next to nginx proxy_cache and Varnish out of the box, in front of the same
# fake origin on loopback: a table of probes (see cache-behaviours.mjs). nginx and Varnish are
# optional (Debian: apt-get install nginx varnish); a missing one is skipped with a message.
#   bash bench/cache-behaviours.sh              # your edge (src/edge)
#   bash bench/cache-behaviours.sh --solution   # the reference edge
# About 30 s: several probes wait for a 1 s lifetime to pass.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(cd ../.. && pwd)
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() {
  node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}
wait_port() {
  for _ in $(seq 1 100); do
    if (echo > "/dev/tcp/127.0.0.1/$1") 2> /dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after 10 s" >&2
  exit 1
}

ORIGIN_PORT=$(free_port)
PORT=$ORIGIN_PORT BACKEND_ID=origin node "$ROOT/grader/src/harness/fake-backend-server.mjs" > "$WORK/origin.log" 2>&1 &
PIDS+=($!)
TARGETS=()

EDGE_ENTRY=src/edge/main.ts
if [ "${1:-}" = "--solution" ]; then
  mkdir -p "$WORK/code"
  cp -r src "$WORK/code/" && cp -r solution/. "$WORK/code/src/"
  EDGE_ENTRY="$WORK/code/src/edge/main.ts"
fi
EDGE_PORT=$(free_port)
PORT=$EDGE_PORT HOST=127.0.0.1 ORIGIN_URL="http://127.0.0.1:$ORIGIN_PORT" node --import tsx "$EDGE_ENTRY" > "$WORK/edge.log" 2>&1 &
PIDS+=($!)
TARGETS+=("edge=$EDGE_PORT")

if command -v nginx > /dev/null; then
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/nginx/cache"
  chmod 755 "$WORK"
  chmod 777 "$WORK/nginx" "$WORK/nginx/cache"
  cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  proxy_cache_path $WORK/nginx/cache keys_zone=edge:10m max_size=64m;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_cache edge;
      proxy_pass http://127.0.0.1:$ORIGIN_PORT;
    }
  }
}
CONF
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" > "$WORK/nginx.log" 2>&1 &
  PIDS+=($!)
  TARGETS+=("nginx=$NGINX_PORT")
else
  echo "skip nginx: not installed (apt-get install nginx)"
fi

if command -v varnishd > /dev/null; then
  VARNISH_PORT=$(free_port)
  ADMIN_PORT=$(free_port)
  chmod 755 "$WORK"
  varnishd -F -a "127.0.0.1:$VARNISH_PORT" -T "127.0.0.1:$ADMIN_PORT" -b "127.0.0.1:$ORIGIN_PORT" -s malloc,64m -n "$WORK/varnish" > "$WORK/varnish.log" 2>&1 &
  PIDS+=($!)
  TARGETS+=("varnish=$VARNISH_PORT")
else
  echo "skip varnish: not installed (apt-get install varnish)"
fi

wait_port "$ORIGIN_PORT"
for target in "${TARGETS[@]}"; do wait_port "${target#*=}"; done
node bench/cache-behaviours.mjs "$ORIGIN_PORT" "${TARGETS[@]}"
