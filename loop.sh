#!/usr/bin/env bash
# Runs the whole suite N times in a row, logging each result.
cd /work/wt/stable
N=${1:-10}
for i in $(seq 1 $N); do
  start=$(date +%s)
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m pytest -n 2 -q -p no:cacheprovider > /tmp/stable-run-$i.log 2>&1
  rc=$?
  echo "run $i rc=$rc $(( $(date +%s) - start ))s load=$(cut -d' ' -f1 /proc/loadavg) $(tail -1 /tmp/stable-run-$i.log)" >> /tmp/stable-loop.log
done
