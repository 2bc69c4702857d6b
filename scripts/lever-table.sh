#!/usr/bin/env bash
# The lever table, docs/levers.md: each policy lever's variants against scenarios/tianhe.yaml,
# compared by `gridgov compare` on common random numbers (one baseline, one alternative per
# lever variant, the same seed and replicates), one row per variant with the paired difference
# and its 95% confidence interval for the key metrics. The response tests
# (tests/models/response/test_levers.cpp) check the same levers' directions on a small district.
#
# Usage: scripts/lever-table.sh [--replicates N] [--days N] [--threads N] [--out FILE]
#   defaults: 10 replicates, 425 days (a year after Tianhe's 60-day warm-up), all cores,
#   docs/levers.md. Needs build/release/gridgov and /usr/bin/python3 with pandas and PyYAML.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$root/build/release/gridgov
replicates=10
days=425
threads=$(nproc)
out=$root/docs/levers.md
while [ $# -gt 0 ]; do
  case $1 in
    --replicates) replicates=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "lever-table: unknown argument $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
if [ ! -x "$bin" ]; then
  echo "lever-table: no gridgov executable at $bin (build first: cmake --build --preset release)" >&2
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gridgov-levers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

# The lever variants: scenario name, label, settings (dotted key=value, comma-separated). The
# first line is the baseline, Tianhe as it is.
cat > "$tmp/levers.txt" <<'EOF'
tianhe|Tianhe (baseline)|
members_005|party.members_per_household 0.1 → 0.05|party.members_per_household=0.05
members_020|party.members_per_household 0.1 → 0.2|party.members_per_household=0.2
member_hours_16|party.hours_per_month 8 → 16|party.hours_per_month=16
visits_2|party.visits_per_month 1 → 2|party.visits_per_month=2
no_orders|party.orders.enabled true → false|party.orders.enabled=false
leads_120|leads.households_per_lead 60 → 120|leads.households_per_lead=120
leads_30|leads.households_per_lead 60 → 30|leads.households_per_lead=30
lead_hours_5|leads.hours_per_week 2.5 → 5|leads.hours_per_week=5
workers_600|grid.households_per_worker 300 → 600|grid.households_per_worker=600
workers_150|grid.households_per_worker 300 → 150|grid.households_per_worker=150
no_deliberation|deliberation.enabled true → false|deliberation.enabled=false
review_day90|firms.review red/black list from day 90 (not 365)|firms.review.enabled=true,firms.review.start_day=90
red_property|firms.red_property false → true|firms.red_property=true
contact_gain_02|households.trust.contact_gain 0.05 → 0.2|households.trust.contact_gain=0.2
departments_x2|departments.*.servers_per_100k_households ×2|departments.police.servers_per_100k_households=30,departments.urban_management.servers_per_100k_households=80,departments.market_regulation.servers_per_100k_households=30,departments.fire.servers_per_100k_households=30
volunteers|volunteers.enabled false → true|volunteers.enabled=true
EOF

# One scenario file per line: tianhe.yaml with the settings (its buildings CSV named by an
# absolute path, as the files lie in the temporary folder).
/usr/bin/python3 - "$root/scenarios/tianhe.yaml" "$tmp" <<'EOF'
import copy, os, sys, yaml
source, tmp = sys.argv[1], sys.argv[2]
with open(source) as f:
    base = yaml.safe_load(f)
geo = base["geography"]
geo["buildings_csv"] = os.path.join(os.path.dirname(os.path.abspath(source)), geo["buildings_csv"])
with open(os.path.join(tmp, "levers.txt")) as f:
    for line in f:
        name, _, settings = line.rstrip("\n").split("|")
        scenario = copy.deepcopy(base)
        for setting in filter(None, settings.split(",")):
            key, value = setting.split("=", 1)
            *sections, leaf = key.split(".")
            node = scenario
            for s in sections:
                node = node.setdefault(s, {})
            node[leaf] = yaml.safe_load(value)
        with open(os.path.join(tmp, name + ".yaml"), "w") as out:
            yaml.safe_dump(scenario, out, sort_keys=False, allow_unicode=True)
EOF

mapfile -t names < <(cut -d'|' -f1 "$tmp/levers.txt")
files=()
for n in "${names[@]}"; do files+=("$tmp/$n.yaml"); done
"$bin" compare "${files[@]}" --replicates "$replicates" --set "simulation.days=$days" --threads "$threads" \
  --out "$tmp/compare" --quiet
elapsed=$(( $(date +%s) - start ))

command="scripts/lever-table.sh --replicates $replicates --days $days"
/usr/bin/python3 - "$tmp" "$out" "$command" "$days" "$elapsed" "$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'EOF'
import datetime, math, sys
import pandas as pd
tmp, out, command, days, elapsed, commit = sys.argv[1:7]
levers = pd.read_csv(f"{tmp}/levers.txt", sep="|", header=None, names=["scenario", "label", "settings"],
                     keep_default_na=False)
c = pd.read_csv(f"{tmp}/compare/compare.csv")
# Metric, column heading, scale, decimals: shares in percentage points, money in thousand CNY.
metrics = [
    ("complaints_per_1000hh_month", "complaints /1000 hh/month", 1, 2),
    ("time_from_arising_mean_h", "arising→resolved, mean h", 1, 1),
    ("found_proactively_share", "found proactively, pp", 100, 2),
    ("needs_found_share", "unreported needs found, pp", 100, 2),
    ("direct_hotline_share", "straight to 12345, pp", 100, 2),
    ("grid_worker_utilisation", "grid-worker utilisation, pp", 100, 2),
    ("cost_paid_per_year", "paid cost, kCNY/year", 1e-3, 0),
    ("unpaid_hours_per_year", "unpaid hours/year", 1, 0),
]
seed = int(c["seed"].iloc[0])
reps = int(c["replicates"].iloc[0])
raised = c[c.metric == "issues_raised"]
assert (raised["diff"] == 0).all(), "common random numbers: issues_raised differs between scenarios"

def cell(row, scale, decimals):
    d, lo, hi = (row[k] * scale for k in ("diff", "diff_ci_low", "diff_ci_high"))
    if any(isinstance(v, float) and math.isnan(v) for v in (d, lo, hi)):
        return "NA"
    text = f"{d:+,.{decimals}f} [{lo:+,.{decimals}f}, {hi:+,.{decimals}f}]"
    return f"**{text}**" if lo > 0 or hi < 0 else text

def number(v, scale, decimals):
    return "NA" if math.isnan(v) else f"{v * scale:,.{decimals}f}"

base_row = ["**Tianhe, mean**"] + [
    number(c[c.metric == m]["mean_baseline"].iloc[0], s, d) for m, _, s, d in metrics]
rows = []
for _, lever in levers.iloc[1:].iterrows():
    sub = c[c.scenario == lever.scenario].set_index("metric")
    rows.append([lever.label] + [cell(sub.loc[m], s, d) for m, _, s, d in metrics])

now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
lines = [
    "# Policy levers on Tianhe: paired differences",
    "",
    f"<!-- Generated by `{command}`; do not edit by hand, run the script again. -->",
    "",
    f"Generated {now} by `{command}` (gridgov at commit {commit}, {elapsed} s on this machine): "
    f"`gridgov compare` of `scenarios/tianhe.yaml` (the baseline) against one alternative per row, each "
    f"the same file with the one lever changed, `--set simulation.days={days}` "
    f"(a year after the 60-day warm-up), **seed {seed}, {reps} replicates** on common random numbers "
    f"(every scenario raises the same issues: issues_raised is identical).",
    "",
    "Each cell is the mean paired difference alternative − baseline over the replicates, with its 95% "
    "confidence interval (Student t on the per-replicate differences); **bold**: the interval excludes 0. "
    "Shares are in percentage points, the paid cost in thousand CNY a year. Tianhe's own intervention "
    "(the red/black list of property firms from day 365) applies in every scenario. The first row is "
    "the baseline's mean, not a difference. Metrics are described in [outputs.md](outputs.md), "
    "parameters in [parameters.md](parameters.md); the response tests "
    "(`tests/models/response/test_levers.cpp`) check the directions on a small district.",
    "",
    "| lever variant | " + " | ".join(h for _, h, _, _ in metrics) + " |",
    "|---|" + "---|" * len(metrics),
    "| " + " | ".join(base_row) + " |",
]
lines += ["| " + " | ".join(r) + " |" for r in rows]
lines += ["", "Columns: " + ", ".join(f"`{m}`" for m, _, _, _ in metrics) + ".", ""]
with open(out, "w") as f:
    f.write("\n".join(lines))
print(f"lever-table: {len(rows)} lever variants, {reps} replicates, {elapsed} s -> {out}")
EOF
