#!/usr/bin/env bash
# The edge serving a cache hit against a real shared cache serving the same hit, on loopback:
# nginx proxy_cache (the default) or Varnish. Both sit in front of the course's fake origin;
# every measured request is a hit.
#   bash bench/edge-vs-peer.sh                      # your edge (src/edge) against nginx
#   bash bench/edge-vs-peer.sh --solution varnish   # the reference against Varnish
# Settings (environment): DURATION (10s), CONNECTIONS (16), ROUNDS (3: A B A B A B, medians),
# BODY_BYTES (1024). Ports are free loopback ports chosen at start.
# Needs wrk and the peer (Debian: apt-get install wrk nginx varnish); skips with a message when
# one is missing. nginx runs with one worker process, as the edge is one Node.js process; Varnish
# has no such switch (its worker threads may use both cores), so read its ratio as an upper bound.
set -euo pipefail
cd "$(dirname "$0")/.."

SOLUTION=no
PEER=nginx
for arg in "$@"; do
  case "$arg" in
    --solution) SOLUTION=yes ;;
    nginx | varnish) PEER=$arg ;;
    *) echo "usage: bash bench/edge-vs-peer.sh [--solution] [nginx|varnish]" >&2; exit 2 ;;
  esac
done
PEER_BINARY=$([ "$PEER" = varnish ] && echo varnishd || echo nginx)
for tool in wrk "$PEER_BINARY" node; do
  if ! command -v "$tool" > /dev/null; then
    echo "skip: $tool is not installed (Debian/Ubuntu: apt-get install ${tool%d}). The course does not need it; only this comparison does."
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
PEER_PORT=$(free_port)
EDGE_ENTRY=src/edge/main.ts
if [ "$SOLUTION" = yes ]; then
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

if [ "$PEER" = nginx ]; then
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
    listen 127.0.0.1:$PEER_PORT;
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
else
  # The built-in VCL, as varnishd -b runs it; no jail, so it runs as whoever runs this script.
  varnishd -F -j none -a "127.0.0.1:$PEER_PORT" -b "127.0.0.1:$ORIGIN_PORT" -n "$WORK/varnish" -s malloc,64m > "$WORK/varnish.log" 2>&1 &
  PIDS+=($!)
fi
wait_port "$EDGE_PORT"
wait_port "$PEER_PORT"

# A hit: X-Cache: HIT from the edge and nginx; from Varnish, X-Varnish with two transaction ids
# (this request's and the one that stored the object).
is_hit() {
  curl -s -D - -o /dev/null "http://127.0.0.1:$1/bench" | tr -d '\r' |
    awk -F': ' 'tolower($1) == "x-cache" && $2 == "HIT" { hit = 1 } tolower($1) == "x-varnish" && split($2, ids, " ") == 2 { hit = 1 } END { exit !hit }'
}
for port in "$EDGE_PORT" "$PEER_PORT"; do
  curl -s -o /dev/null "http://127.0.0.1:$port/bench"
  if ! is_hit "$port"; then
    echo "the cache on port $port does not answer /bench from its store; not measuring" >&2
    exit 1
  fi
done

measure() { # port -> requests per second
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$1/bench" | awk '/Requests\/sec/ { print $2 }'
}

edge=()
peer=()
for round in $(seq 1 "$ROUNDS"); do
  edge+=("$(measure "$EDGE_PORT")")
  peer+=("$(measure "$PEER_PORT")")
  echo "round $round: edge ${edge[-1]} req/s, $PEER ${peer[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
me=$(median "${edge[@]}")
mp=$(median "${peer[@]}")
fetched=$(curl -s "http://127.0.0.1:$ORIGIN_PORT/__fake/requests" | grep -o '"url":"/bench"' | wc -l)
echo "median of $ROUNDS rounds, $CONNECTIONS connections, $DURATION each, ${BODY_BYTES}-byte hit:"
echo "  edge  $me req/s"
if [ "$PEER" = nginx ]; then echo "  nginx $mp req/s (proxy_cache, 1 worker)"; else echo "  varnish $mp req/s (built-in VCL)"; fi
awk -v e="$me" -v p="$mp" -v name="$PEER" 'BEGIN { printf "  edge / %s = %.2f\n", name, e / p }'
echo "  origin requests for /bench during the whole run: $fetched (2 warm-up fills expected)"
