#!/bin/bash
# Worker memory (VmRSS) of `thepost serve`: at start (after /readyz and the home page),
# after 8 s of wrk on one article with the page cache on, then the same with it off.
# MALLOC_ARENA_MAX=2 as in deploy/thepost.service. Extra VAR=value arguments go into the
# server's environment (PYTHONPATH=/elsewhere/src measures another checkout's code).
#
#   bench/worker_rss.sh DATA_DIR PORT WORKERS ARTICLE_PATH [VAR=value ...]
#   bench/worker_rss.sh /tmp/thepost-page-bench/sqlite-1000-v2 18470 1 /some/article
set -eu
D=$1; PORT=$2; W=$3; ARTICLE=$4; shift 4
BIN=$(dirname "$0")/../.venv/bin
rss() { for p in "$@"; do awk '/VmRSS/{printf "%.1f ", $2/1024}' "/proc/$p/status"; done; }
workers() {  # the server itself with one worker; else its children but the resource tracker
  if [ "$W" = 1 ]; then echo "$1"; return; fi
  for c in $(pgrep -P "$1"); do
    grep -q resource_tracker "/proc/$c/cmdline" || echo "$c"
  done
}
for cache in true false; do
  env "$@" THEPOST_DATA_DIR="$D" THEPOST_PAGE_CACHE=$cache MALLOC_ARENA_MAX=2 \
    "$BIN/thepost" serve --port "$PORT" --workers "$W" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break; sleep 0.5; done
  curl -s -o /dev/null "http://127.0.0.1:$PORT/"
  echo "page cache $cache: start $(rss $(workers $pid))MiB"
  wrk -t2 -c16 -d8s "http://127.0.0.1:$PORT$ARTICLE" >/dev/null
  echo "page cache $cache: after wrk $(rss $(workers $pid))MiB"
  kill "$pid"; wait "$pid" || true
done
