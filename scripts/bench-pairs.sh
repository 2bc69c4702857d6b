#!/usr/bin/env bash
# Compare two gridgov_bench binaries by back-to-back pairs, the order alternating, because this
# machine's speed drifts by 10-20% over minutes: prints, for end-to-end and loop events per
# second, household-years per second and bytes per household, the medians of each binary and the
# median (and interquartile range) of the per-pair ratios B/A.
#   scripts/bench-pairs.sh N OLD_BENCH NEW_BENCH [gridgov_bench options, e.g. --threads 2]
# A binary without a "loop events/s" line (older builds) counts its end-to-end figure there.
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,7p "$0" >&2; exit 2; }
n=$1 a=$2 b=$3
shift 3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
get() {
  "$1" "${@:2}" | awk '/^events\/s/ {e=$2} /^loop events/ {l=$3} /^household-years/ {h=$2} /^bytes\/household/ {m=$2}
                       END {if (l == "") l = e; print e, l, h, m}'
}
for i in $(seq "$n"); do
  if [ $((i % 2)) -eq 0 ]; then ra=$(get "$a" "$@"); rb=$(get "$b" "$@"); else rb=$(get "$b" "$@"); ra=$(get "$a" "$@"); fi
  echo "$ra $rb" >>"$out"
done
/usr/bin/python3 - "$out" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
def quartiles(v):
    v = sorted(v)
    return v[len(v) // 4], statistics.median(v), v[(3 * len(v)) // 4]
for k, name in enumerate(["end-to-end events/s", "loop events/s", "household-years/s", "bytes/household"]):
    a = [r[k] for r in rows]
    b = [r[k + 4] for r in rows]
    lo, med, hi = quartiles([y / x for x, y in zip(a, b)])
    print(f"{name:20s} A {statistics.median(a):12.1f}  B {statistics.median(b):12.1f}  "
          f"B/A {med:.3f} (IQR {lo:.3f}-{hi:.3f}), {len(rows)} pairs")
PY
