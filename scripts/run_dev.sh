#!/usr/bin/env bash
# `make run`: the web server with a Celery worker and beat beside it, so reminders and other
# jobs run for real in development. When one stops (or on Ctrl-C) all three stop.
# With REDIS_URL unset all three share an embedded Redis (oversight/embedded_redis.py), which
# stops with them.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

pids=()
stop() {
  trap - EXIT INT TERM
  # Each in turn, waited for; -P also reaches runserver's reloaded child.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pkill -TERM -P "${pids[i]}" 2>/dev/null
    kill -TERM "${pids[i]}" 2>/dev/null
    wait "${pids[i]}" 2>/dev/null
  done
  if [ -z "${REDIS_URL:-}" ]; then
    $PY -c 'import pathlib, oversight.embedded_redis as r; r.stop_embedded_redis(pathlib.Path.cwd())'
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM

ADDR="${RUN_ADDR:-127.0.0.1:8000}"
# Links in emails point at the address served here unless SITE_URL is set.
source scripts/site_url.sh
url="$(site_url "$ADDR")"
if [ -n "$url" ]; then
  export SITE_URL="$url"
fi
# One process at a time: the embedded servers' start-up bookkeeping is not safe against
# simultaneous starts. The web server first, until it answers.
$PY manage.py runserver "$ADDR" &
pids+=($!)
answers() {
  $PY -c 'import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(f"http://{sys.argv[1]}/healthz", timeout=2)
except urllib.error.HTTPError:
    pass  # it answers (503 while the broker is not up yet)' "$ADDR" 2>/dev/null
}
until answers; do
  kill -0 "${pids[0]}" 2>/dev/null || exit 1
  sleep 0.5
done
# solo pool: one process is plenty for development and forks nothing.
$PY -m celery -A oversight worker --pool=solo --loglevel=INFO &
pids+=($!)
sleep 5
$PY -m celery -A oversight beat --loglevel=INFO &
pids+=($!)
wait -n
