#!/usr/bin/env bash
# Acceptance check of issue 3 on the Tianhe factorial (27 points x 20 replicates = 540 runs):
# an uninterrupted sweep, a sweep killed with SIGKILL part-way and resumed, the same under
# mpirun -np 3, and 4 shards merged by gridgov collect must give identical points.csv (and runs.csv
# apart from wall_s). Prints the wall time of each. Usage: scripts/sweep-acceptance.sh [BUILD] [SWEEP]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
SWEEP=${2:-sweeps/tianhe_factorial.yaml}
G="$PWD/$BUILD/gridgov"
OUT=$(mktemp -d /tmp/gridgov-acceptance.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
now() { date +%s.%N; }
t0=$(now); "$G" sweep "$SWEEP" --out "$OUT/local" --quiet; t1=$(now)
echo "local sweep:            $(echo "$t1 - $t0" | bc) s, $(($(wc -l < "$OUT/local/runs.csv") - 1)) runs"

"$G" sweep "$SWEEP" --out "$OUT/killed" --quiet & pid=$!
while [ "$(cat "$OUT/killed/runs.csv" 2>/dev/null | wc -l)" -lt 200 ]; do sleep 0.2; done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
echo "killed after:           $(($(wc -l < "$OUT/killed/runs.csv") - 1)) runs recorded"
t0=$(now); "$G" sweep "$SWEEP" --out "$OUT/killed" --resume --quiet; t1=$(now)
echo "resume:                 $(echo "$t1 - $t0" | bc) s"

t0=$(now); mpirun -np 3 --oversubscribe "$G" sweep "$SWEEP" --mpi --out "$OUT/mpi" --quiet; t1=$(now)
echo "mpirun -np 3:           $(echo "$t1 - $t0" | bc) s"

t0=$(now)
for i in 0 1 2 3; do "$G" sweep "$SWEEP" --shard "$i/4" --out "$OUT/shard-$i" --quiet; done
"$G" collect --out "$OUT/collected" "$OUT"/shard-{0,1,2,3} > /dev/null
t1=$(now)
echo "4 shards + collect:     $(echo "$t1 - $t0" | bc) s"

strip_wall() { /usr/bin/python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
w = rows[0].index("wall_s")
for r in rows: del r[w]; print(",".join(r))
PY
}
status=0
for d in killed mpi collected; do
  for f in points.csv design.csv errors.csv; do
    if cmp -s "$OUT/local/$f" "$OUT/$d/$f"; then echo "$d/$f: identical"; else echo "$d/$f: DIFFERS"; status=1; fi
  done
  if [ "$(strip_wall "$OUT/local/runs.csv" | md5sum)" = "$(strip_wall "$OUT/$d/runs.csv" | md5sum)" ]; then
    echo "$d/runs.csv: identical apart from wall_s"
  else
    echo "$d/runs.csv: DIFFERS"; status=1
  fi
done
exit $status
