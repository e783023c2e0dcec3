#!/usr/bin/env bash
# The edge serving a cache hit against nginx proxy_cache serving the same hit, on loopback.
# Both sit in front of the course's fake origin; every measured request is a hit.
#   bash bench/edge-vs-nginx.sh              # your edge (src/edge)
#   bash bench/edge-vs-nginx.sh --solution   # the reference (solution/ laid over a copy of src/)
# Settings (environment): DURATION (10s), CONNECTIONS (16), ROUNDS (3: A B A B A B, medians),
# BODY_BYTES (1024). Ports are free loopback ports chosen at start.
# Needs wrk and nginx (Debian: apt-get install wrk nginx); skips with a message when one is missing.
# nginx runs with one worker process: the edge is one Node.js process, so it is one core each.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in wrk nginx node; do
  if ! command -v "$tool" > /dev/null; then
    echo "skip: $tool is not installed (Debian/Ubuntu: apt-get install $tool). The course does not need it; only this comparison does."
    exit 0
  fi
done

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-3}
BODY_BYTES=${BODY_BYTES:-1024}
ROOT=$(cd ../.. && pwd)
WORK=$(mktemp -d)
PIDS=()
free_port() {
  node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
}
ORIGIN_PORT=$(free_port)
EDGE_PORT=$(free_port)
NGINX_PORT=$(free_port)
EDGE_ENTRY=src/edge/main.ts
if [ "${1:-}" = "--solution" ]; then
  mkdir -p "$WORK/code"
  cp -r src "$WORK/code/" && cp -r solution/. "$WORK/code/src/"
  EDGE_ENTRY="$WORK/code/src/edge/main.ts"
fi

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 100); do
    if (echo > "/dev/tcp/127.0.0.1/$1") 2> /dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after 10 s; see $WORK/*.log" >&2
  exit 1
}

PORT=$ORIGIN_PORT BACKEND_ID=origin node "$ROOT/grader/src/harness/fake-backend-server.mjs" > "$WORK/origin.log" 2>&1 &
PIDS+=($!)
wait_port "$ORIGIN_PORT"
curl -sf -X PUT "http://127.0.0.1:$ORIGIN_PORT/__fake/behaviour" \
  -d "{\"path\": \"/bench\", \"bodyBytes\": $BODY_BYTES, \"etag\": \"\\\"b1\\\"\", \"headers\": {\"cache-control\": \"public, max-age=3600\", \"content-type\": \"text/plain\"}}" > /dev/null

PORT=$EDGE_PORT HOST=127.0.0.1 ORIGIN_URL="http://127.0.0.1:$ORIGIN_PORT" node --import tsx "$EDGE_ENTRY" > "$WORK/edge.log" 2>&1 &
PIDS+=($!)

mkdir -p "$WORK/nginx/cache"
# nginx workers may run as an unprivileged user (nobody, www-data): let them write the cache.
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
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 32; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_cache edge;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://origin;
      add_header X-Cache \$upstream_cache_status always;
    }
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" > "$WORK/nginx.log" 2>&1 &
PIDS+=($!)
wait_port "$EDGE_PORT"
wait_port "$NGINX_PORT"

for port in "$EDGE_PORT" "$NGINX_PORT"; do
  curl -s -o /dev/null "http://127.0.0.1:$port/bench"
  status=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/bench" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')
  if [ "$status" != "HIT" ]; then
    echo "the cache on port $port does not answer /bench from its store (X-Cache: ${status:-none}); not measuring" >&2
    exit 1
  fi
done

measure() { # port -> requests per second
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$1/bench" | awk '/Requests\/sec/ { print $2 }'
}

edge=()
nginx=()
for round in $(seq 1 "$ROUNDS"); do
  edge+=("$(measure "$EDGE_PORT")")
  nginx+=("$(measure "$NGINX_PORT")")
  echo "round $round: edge ${edge[-1]} req/s, nginx ${nginx[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
me=$(median "${edge[@]}")
mn=$(median "${nginx[@]}")
fetched=$(curl -s "http://127.0.0.1:$ORIGIN_PORT/__fake/requests" | grep -o '"url":"/bench"' | wc -l)
echo "median of $ROUNDS rounds, $CONNECTIONS connections, $DURATION each, ${BODY_BYTES}-byte hit:"
echo "  edge  $me req/s"
echo "  nginx $mn req/s (proxy_cache, 1 worker)"
awk -v e="$me" -v n="$mn" 'BEGIN { printf "  edge / nginx = %.2f\n", e / n }'
echo "  origin requests for /bench during the whole run: $fetched (2 warm-up fills expected)"
