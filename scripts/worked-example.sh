#!/usr/bin/env bash
# The README's worked example: Tianhe with one party member per 20, 10 or 5 households, compared
# under common random numbers. Runs sweeps/tianhe_members.yaml, compares every point with one per
# 20, prints the headline differences and draws docs/members-example.png.
#
# Usage: scripts/worked-example.sh [BUILD_DIR]     (default: build/release; about 10 s on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/build/release}/gridgov"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" sweep "$root/sweeps/tianhe_members.yaml" --out "$work/sweep" >/dev/null
"$bin" compare --sweep "$work/sweep" --baseline one_per_20 --out "$work/cmp" --all >/dev/null
/usr/bin/python3 - "$work/cmp/compare.csv" "$root/docs/members-example.png" <<'PY'
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

d = pd.read_csv(sys.argv[1])
rows = [("complaints_per_1000hh_month", "12345 complaints per 1,000 households a month"),
        ("time_from_arising_mean_h", "Mean time from arising to resolution (h)"),
        ("staff_hours_used_party_member", "Party members' hours used per year"),
        ("cost_paid_per_1000hh_year", "Paid staff cost per 1,000 households a year (CNY)")]
print("scenario     metric                             one per 20    scenario   paired difference [95% CI]   unpaired 95% CI")
fig, axes = plt.subplots(1, len(rows), figsize=(13, 3.2))
for ax, (metric, label) in zip(axes, rows):
    sub = d[d.metric == metric]
    for i, (_, r) in enumerate(sub.iterrows()):
        print(f"{r.scenario:12s} {metric:34s} {r.mean_baseline:11.4g} {r['mean']:11.4g}   {r['diff']:+.4g} [{r.diff_ci_low:+.4g}, {r.diff_ci_high:+.4g}]"
              f"   [{r.unpaired_ci_low:+.4g}, {r.unpaired_ci_high:+.4g}]")
        ax.errorbar([r["diff"]], [i], xerr=[[r["diff"] - r.diff_ci_low], [r.diff_ci_high - r["diff"]]], fmt="o", color="C0", capsize=4,
                    label="paired (common random numbers)" if i == 0 else None)
        ax.errorbar([r["diff"]], [i + 0.25], xerr=[[r["diff"] - r.unpaired_ci_low], [r.unpaired_ci_high - r["diff"]]], fmt="s", color="C1",
                    capsize=4, alpha=0.7, label="same replicates, unpaired" if i == 0 else None)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_ylim(-0.5, 1.75)
    ax.set_yticks([0.125, 1.125])
    ax.set_yticklabels(["1 per 10", "1 per 5"] if ax is axes[0] else ["", ""])
    ax.set_title(label, fontsize=8)
    ax.set_xlabel("difference from 1 per 20", fontsize=8)
    ax.tick_params(labelsize=7)
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, fontsize=8, loc="lower center", ncol=2)
fig.suptitle("Tianhe, party members per household: paired differences from one per 20 households (10 replicates, 95% CI)", fontsize=9)
fig.tight_layout(rect=(0, 0.1, 1, 0.93))
fig.savefig(sys.argv[2], dpi=110)
PY
