#!/usr/bin/env bash
# Re-measure every figure of docs/scenarios.md (and the scenario rows of docs/VALIDATION.md):
# runs the five source scenarios, the comparisons and Kunshan's measures one at a time, then
# prints the windowed property-complaint rates. About 6 minutes on 2 cores.
#   scripts/measure-scenarios.sh [OUT_DIR]     (default results/scenarios-measure)
set -euo pipefail
cd "$(dirname "$0")/.."
G=build/release/gridgov
R=${1:-results/scenarios-measure}
mkdir -p $R
$G run scenarios/tianhe.yaml --out $R/tianhe --force --quiet > /dev/null
$G run scenarios/xinwu.yaml --out $R/xinwu --force --quiet >/dev/null
$G run scenarios/xinwu.yaml --set firms.red_property=false --out $R/xinwu-plain --force --quiet >/dev/null
sed 's/^  red_property: true /  red_property: false/' scenarios/xinwu.yaml > $R/xinwu_plain.yaml
$G compare $R/xinwu_plain.yaml scenarios/xinwu.yaml --out $R/xw-compare --force --quiet >/dev/null
$G run scenarios/kunshan.yaml --out $R/kunshan --force --quiet >/dev/null
sed '/^interventions:/,$d' scenarios/kunshan.yaml > $R/kunshan_without.yaml
$G run $R/kunshan_without.yaml --out $R/kunshan-without --force --quiet >/dev/null
$G run scenarios/wuxi.yaml --out $R/wuxi --force --quiet >/dev/null
$G run scenarios/zhenjiang.yaml --out $R/zhenjiang --force --quiet >/dev/null
sed '/^microgrids:/,/^$/s/^  enabled: true /  enabled: false/' scenarios/zhenjiang.yaml > $R/zhenjiang_grids.yaml
$G compare $R/zhenjiang_grids.yaml scenarios/zhenjiang.yaml --out $R/zj-compare --all --force --quiet >/dev/null
echo "scenario runs done" >&2
# Kunshan: each measure alone (the file with one of its four interventions)
for n in pioneers red_property red_black four_staff; do
  case $n in pioneers) m=pioneers;; red_property) m="red property";; red_black) m="red/black";; four_staff) m="four-staff";; esac
  /usr/bin/python3 - "$m" > $R/kunshan_only_$n.yaml <<'PY'
import sys, re
text = open("scenarios/kunshan.yaml").read()
head, tail = text.split("\ninterventions:\n")
blocks = re.split(r"\n(?=  - day:)", "\n" + tail)
keep = [b for b in blocks if b.strip() and sys.argv[1] in b.split("label:")[1].split("\n")[0]]
assert len(keep) == 1, (sys.argv[1], len(keep))
print(head + "\ninterventions:\n" + keep[0].strip("\n"))
PY
  $G run $R/kunshan_only_$n.yaml --out $R/kunshan-only-$n --force --quiet >/dev/null
done
$G run scenarios/kunshan.yaml --set firms.review.black_share=0.25 --out $R/kunshan-soft --force --quiet >/dev/null
P=/usr/bin/python3
$P analysis/window_rates.py $R/tianhe --windows 60:365,365:730
$P analysis/window_rates.py $R/xinwu --windows 60:365 --against $R/xinwu-plain
$P analysis/window_rates.py $R/kunshan --windows 60:365,365:730,730:1095,1095:1460 --against $R/kunshan-without
$P analysis/window_rates.py $R/kunshan-without --windows 60:365,1095:1460
$P analysis/window_rates.py $R/kunshan --windows 60:365,1095:1460 --columns complaints
$P analysis/window_rates.py $R/kunshan-soft --windows 60:365,1095:1460
for n in red_black red_property pioneers four_staff; do
  $P analysis/window_rates.py $R/kunshan-only-$n --windows 1095:1460 --against $R/kunshan-without
done
echo "summaries: $R/*/summary_ci.csv; comparisons: $R/xw-compare, $R/zj-compare"
