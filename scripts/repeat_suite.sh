#!/usr/bin/env bash
# The whole suite N rounds in a row, each round two runs side by side so that each loads the
# machine for the other: one on today's clock, one with the clock a year ahead (libfaketime; the
# embedded PostgreSQL, the worker and the browser it starts inherit the fake clock). Each run
# works in its own clone of HEAD with its own embedded cluster. Stops at the first failure.
#   scripts/repeat_suite.sh [rounds] [log]     (needs Debian's faketime)
set -uo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
LOG=${2:-/tmp/repeat-suite.log}
WORK=$(mktemp -d /tmp/repeat-suite.XXXX)
for side in today ahead; do
  git clone -q . "$WORK/$side"
  ln -s "$PWD/.venv" "$WORK/$side/.venv"
done
run() {  # side, round
  local side=$1 i=$2 prefix=()
  [ "$side" = ahead ] && prefix=(faketime -f +365d)
  local start=$SECONDS out="$WORK/$side-$i.log"
  (cd "$WORK/$side" && "${prefix[@]}" .venv/bin/python -m pytest -n 2 -q -p no:cacheprovider >"$out" 2>&1)
  local rc=$?
  echo "round $i $side rc=$rc $((SECONDS - start))s load=$(cut -d' ' -f1 /proc/loadavg) $(tail -1 "$out")" >>"$LOG"
  return $rc
}
echo "== $(git rev-parse --short HEAD) $(date -u +%FT%TZ), $ROUNDS rounds, logs in $WORK" >>"$LOG"
for i in $(seq 1 "$ROUNDS"); do
  run today "$i" & a=$!
  run ahead "$i" & b=$!
  wait $a; ra=$?; wait $b; rb=$?
  if [ $ra -ne 0 ] || [ $rb -ne 0 ]; then echo "stopped: round $i failed" >>"$LOG"; exit 1; fi
done
echo "all $((ROUNDS * 2)) runs passed" >>"$LOG"
