#!/bin/sh
# /media/ serving before and after the media store, side by side in one run: the same
# SQLite file and media directory, the code before (a git revision, default the parent of
# the media store) and the working tree, each under `thepost serve` (one worker), then
# wrk in turns on one 640-pixel WebP rendition. Usage: bench/media_serve.sh [REV]
set -eu
REV=${1:-bde2fae}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=$ROOT/.venv/bin/python
WORK=$(mktemp -d)
trap 'kill $A $B 2>/dev/null; rm -rf "$WORK"' EXIT
git -C "$ROOT" archive "$REV" src | tar -x -C "$WORK" && mv "$WORK/src" "$WORK/before"
export THEPOST_DATA_DIR=$WORK/data THEPOST_PAGE_CACHE=false
"$PY" -m thepost init >/dev/null
"$PY" - "$WORK/photo.jpg" <<'PY'
import sys
from PIL import Image
Image.new("RGB", (1600, 1000), (90, 120, 200)).save(sys.argv[1], quality=90)
PY
"$PY" -m thepost media add "$WORK/photo.jpg" >/dev/null
KEY=$(cd "$WORK/data/media" && find img -name 640.webp)
PYTHONPATH=$WORK/before "$PY" -m thepost serve --port 8771 >"$WORK/a.log" 2>&1 & A=$!
"$PY" -m thepost serve --port 8772 >"$WORK/b.log" 2>&1 & B=$!
for port in 8771 8772; do
  until curl -sf "http://127.0.0.1:$port/media/$KEY" -o /dev/null; do sleep 0.5; done
done
uptime
for round in 1 2 3; do
  for side in before:8771 after:8772; do
    printf '%s %s: ' "$round" "${side%%:*}"
    wrk -t1 -c8 -d5s "http://127.0.0.1:${side##*:}/media/$KEY" | awk '/Requests\/sec/ {print $2 " req/s"}'
  done
done
uptime
